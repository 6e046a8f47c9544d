package dev.hark.emulator.deepgram;

import dev.hark.domain.transcript.Word;
import java.util.List;

/** Something to tell the client, timed in samples on the connection's audio clock. */
sealed interface Emission {

    /**
     * A Results message covering {@code [start, end)}. Finals cover consecutive windows that
     * never overlap; an interim restates the window after the last final.
     */
    record Transcript(long start, long end, boolean isFinal, boolean speechFinal, boolean fromFinalize,
                      List<Word> words) implements Emission {

        public Transcript {
            words = List.copyOf(words);
            if (end < start) {
                throw new IllegalArgumentException("window ends before it starts");
            }
        }
    }

    /** SpeechStarted at {@code sample}. */
    record SpeechStart(long sample) implements Emission {
    }

    /** UtteranceEnd after the word that ended at {@code lastWordEnd}. */
    record UtteranceEnd(long lastWordEnd) implements Emission {
    }
}
