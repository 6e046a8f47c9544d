package dev.hark.infrastructure.inbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderWaitTest {

    private static final AudioFormatQuery ANY_FORMAT = format -> Optional.empty();
    private final byte[] wav = WavHeaderTest.wav(7, 8, 8_000, 1, true);

    @Test
    void opensWithTheHeadersFormat_andTheSamplesAfterIt_acrossFrames() {
        HeaderWait.Next first = HeaderWait.start().receive(Arrays.copyOf(wav, 10), ANY_FORMAT);
        assertThat(first).isInstanceOf(HeaderWait.Next.Waiting.class);

        HeaderWait.Next second = ((HeaderWait.Next.Waiting) first).next()
                .receive(Arrays.copyOfRange(wav, 10, wav.length), ANY_FORMAT);

        HeaderWait.Next.Complete complete = (HeaderWait.Next.Complete) second;
        assertThat(complete.format()).isEqualTo(new AudioFormat(AudioEncoding.MULAW, 8_000, 1));
        assertThat(complete.samples()).hasSize(4);
    }

    @Test
    void refusesAsUndecodable_aNonWavStart_andAFormatTheRecognizerRefuses() {
        HeaderWait.Next garbage = HeaderWait.start().receive(new byte[400], ANY_FORMAT);
        HeaderWait.Next refusedFormat = HeaderWait.start().receive(wav,
                format -> Optional.of(ClientError.of(ErrorCode.UNSUPPORTED_AUDIO_FORMAT, "no mulaw here")));

        assertThat(((HeaderWait.Next.Refused) garbage).error().code()).isEqualTo(ErrorCode.AUDIO_NOT_DECODABLE);
        assertThat(((HeaderWait.Next.Refused) refusedFormat).error())
                .isEqualTo(ClientError.of(ErrorCode.AUDIO_NOT_DECODABLE, "no mulaw here"));
    }
}
