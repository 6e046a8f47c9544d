package dev.hark.domain.session;

import dev.hark.domain.audio.AudioFormat;
import java.util.Objects;

/**
 * What the client asked for when it opened the stream.
 *
 * @param maxFrameBytes largest binary frame accepted; bigger frames are refused one by one
 * @param speechEvents  whether the client wants {@code speech_started} and {@code utterance_end}
 *                      messages (query {@code vad_events=true}); off by default so clients
 *                      written before these messages existed never see them
 * @param providerOptions what the client asked of the recognizer itself, passed through
 */
public record StreamOptions(AudioFormat format, boolean interimResults, String language, int maxFrameBytes,
                            boolean speechEvents, ProviderOptions providerOptions) {

    public StreamOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(providerOptions, "providerOptions");
        if (maxFrameBytes < format.bytesPerFrame()) {
            throw new IllegalArgumentException("maxFrameBytes below one sample frame");
        }
    }

    /** Options with nothing for the recognizer beyond them. */
    public StreamOptions(AudioFormat format, boolean interimResults, String language, int maxFrameBytes,
                         boolean speechEvents) {
        this(format, interimResults, language, maxFrameBytes, speechEvents, ProviderOptions.NONE);
    }

    /** The same options for audio in {@code other} format (a recognizer that needs its audio converted). */
    public StreamOptions withFormat(AudioFormat other) {
        return new StreamOptions(other, interimResults, language, maxFrameBytes, speechEvents, providerOptions);
    }

    /** Options without speech events. */
    public StreamOptions(AudioFormat format, boolean interimResults, String language, int maxFrameBytes) {
        this(format, interimResults, language, maxFrameBytes, false);
    }
}
