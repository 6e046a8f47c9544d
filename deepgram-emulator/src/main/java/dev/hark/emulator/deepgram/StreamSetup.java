package dev.hark.emulator.deepgram;

import dev.hark.domain.audio.AudioFormat;
import java.util.Objects;

/**
 * What a valid handshake query asks of one connection.
 *
 * @param model          the requested model, reported back as {@code model_info.arch}
 * @param utteranceEndMs gap that triggers UtteranceEnd, 0 when off; only honoured with interims,
 *                       as on Deepgram
 */
record StreamSetup(AudioFormat format, boolean interimResults, String language, boolean vadEvents,
                   int utteranceEndMs, String model) {

    StreamSetup {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(model, "model");
        if (utteranceEndMs < 0) {
            throw new IllegalArgumentException("utteranceEndMs must not be negative");
        }
    }

    boolean utteranceEnds() {
        return interimResults && utteranceEndMs > 0;
    }
}
