package dev.hark.infrastructure.outbound.deepgram;

import java.util.List;

/**
 * One text message from Deepgram, read leniently: fields Deepgram left out take neutral values
 * (0, false, empty), unknown fields are ignored, and an unknown {@code type} is
 * {@link Unrecognized} rather than an error. Times are Deepgram's: seconds on the stream's
 * audio clock.
 */
sealed interface DeepgramEvent {

    /** A transcript of the window {@code [start, start + duration)} (first alternative only). */
    record Results(double start, double duration, boolean isFinal, boolean speechFinal, boolean fromFinalize,
                   String transcript, List<ResultWord> words) implements DeepgramEvent {

        public Results {
            words = List.copyOf(words);
        }
    }

    /** One word of a result; {@code punctuatedWord} is empty unless {@code punctuate} or {@code smart_format} is on. */
    record ResultWord(String word, String punctuatedWord, double start, double end, double confidence) {
    }

    /** Voice activity began at {@code timestamp} ({@code vad_events=true}). */
    record SpeechStarted(double timestamp) implements DeepgramEvent {
    }

    /** A gap of {@code utterance_end_ms} followed the word that ended at {@code lastWordEnd}. */
    record UtteranceEnd(double lastWordEnd) implements DeepgramEvent {
    }

    /** The session summary Deepgram sends before it closes. */
    record Metadata(String requestId, double duration) implements DeepgramEvent {
    }

    /** Valid JSON of a type this adapter does not use ({@code type} empty when absent). */
    record Unrecognized(String type) implements DeepgramEvent {
    }
}
