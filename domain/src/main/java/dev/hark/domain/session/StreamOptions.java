package dev.hark.domain.session;

import dev.hark.domain.audio.AudioFormat;
import java.util.Objects;

/**
 * What the client asked for when it opened the stream.
 *
 * @param maxFrameBytes largest binary frame accepted; bigger frames are refused one by one
 */
public record StreamOptions(AudioFormat format, boolean interimResults, String language, int maxFrameBytes) {

    public StreamOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(language, "language");
        if (maxFrameBytes < format.bytesPerFrame()) {
            throw new IllegalArgumentException("maxFrameBytes below one sample frame");
        }
    }
}
