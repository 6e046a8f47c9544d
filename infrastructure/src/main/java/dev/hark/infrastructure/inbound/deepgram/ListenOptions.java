package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.session.ProviderOptions;
import dev.hark.domain.session.StreamOptions;
import java.util.Objects;

/**
 * A {@code /v1/listen} client's query, read: what the session needs, what this adapter honours
 * itself, and everything the client asked for, passed on to the recognizer (Deepgram uses it;
 * the embedded engine ignores it).
 *
 * @param audio          raw audio of a declared format, or a container whose header says it
 * @param utteranceEndMs gap that ends an utterance ({@code UtteranceEnd}); 0 = none asked for
 * @param endpointing    false when the client turned endpointing off: no {@code speech_final}
 */
record ListenOptions(AudioDeclaration audio, boolean interimResults, String language, boolean vadEvents,
                     int utteranceEndMs, boolean endpointing, String model, ProviderOptions providerOptions) {

    ListenOptions {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(providerOptions, "providerOptions");
    }

    /** How the client declared its audio. */
    sealed interface AudioDeclaration {

        /** Headerless samples ({@code encoding} and {@code sample_rate} given). */
        record Raw(AudioFormat format) implements AudioDeclaration {
        }

        /** No {@code encoding}: the audio starts with a container header that says its format. */
        record Container() implements AudioDeclaration {
        }
    }

    /** Whether the session must report voice activity: for SpeechStarted, or for UtteranceEnd. */
    boolean speechEvents() {
        return vadEvents || utteranceEndMs > 0;
    }

    StreamOptions streamOptions(AudioFormat format, int maxFrameBytes) {
        return new StreamOptions(format, interimResults, language, Math.max(maxFrameBytes, format.bytesPerFrame()),
                speechEvents(), providerOptions);
    }
}
