package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.util.Arrays;
import java.util.Optional;

/**
 * A {@code /v1/listen} connection that declared no {@code encoding}, before its WAV header has
 * fully arrived: the bytes received so far, and what the next frame makes of them. Immutable;
 * each frame gives the next wait, a refusal, or the format with the samples that came after
 * the header (the session opens with that format).
 */
record HeaderWait(byte[] received) {

    /** Nothing received yet. */
    static HeaderWait start() {
        return new HeaderWait(new byte[0]);
    }

    /** What the header wait becomes with one more frame. */
    sealed interface Next {

        /** The header is still incomplete. */
        record Waiting(HeaderWait next) implements Next {
        }

        /** The header is not a WAV header, or names a format the recognizer cannot decode: AUDIO_NOT_DECODABLE. */
        record Refused(ClientError error) implements Next {
        }

        /** The header names {@code format}; {@code samples} (maybe none) followed it in the same frames. */
        record Complete(AudioFormat format, byte[] samples) implements Next {
        }
    }

    Next receive(byte[] bytes, AudioFormatQuery formats) {
        byte[] joined = Arrays.copyOf(received, received.length + bytes.length);
        System.arraycopy(bytes, 0, joined, received.length, bytes.length);
        return switch (WavHeader.read(joined)) {
            case WavHeader.Reading.NeedMore more -> new Next.Waiting(new HeaderWait(joined));
            case WavHeader.Reading.Undecodable undecodable ->
                    new Next.Refused(ClientError.of(ErrorCode.AUDIO_NOT_DECODABLE, undecodable.reason()));
            case WavHeader.Reading.Wav wav -> {
                Optional<ClientError> refusal = formats.refusalFor(wav.format());
                yield refusal.<Next>map(error -> new Next.Refused(ClientError.of(ErrorCode.AUDIO_NOT_DECODABLE,
                                error.message())))
                        .orElseGet(() -> new Next.Complete(wav.format(),
                                Arrays.copyOfRange(joined, wav.dataOffset(), joined.length)));
            }
        };
    }
}
