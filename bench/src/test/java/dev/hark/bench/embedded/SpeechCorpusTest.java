package dev.hark.bench.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechCorpusTest {

    private static final int SECOND = SpeechCorpus.BYTES_PER_SECOND;

    private final SpeechCorpus corpus = new SpeechCorpus(List.of(
            utterance("one", 1, "first words"),
            utterance("two", 2, "second words"),
            utterance("three", 1, "third words")));

    @Test
    void onceHoldsEveryUtteranceInOrder_eachFollowedBySilence() {
        SpeechCorpus.SessionAudio all = corpus.once(0.5);

        assertThat(all.seconds()).isEqualTo(4 + 3 * 0.5);
        assertThat(all.reference()).isEqualTo("first words second words third words");
        assertThat(all.pcm()[SECOND]).as("the gap after the first").isZero();
        assertThat(all.pcm()[SECOND + SECOND / 2]).isEqualTo((byte) 2);
    }

    @Test
    void givesEachSessionAtLeastTheAskedSeconds_startingAtADifferentUtterance() {
        SpeechCorpus.SessionAudio second = corpus.sessionAudio(1, 3.5, 1.0); // starts at (1 * 7) mod 3 = 1

        assertThat(second.reference()).isEqualTo("second words third words");
        assertThat(second.seconds()).isEqualTo(2 + 1 + 1 + 1);
        assertThat(second.pcm()[0]).isEqualTo((byte) 2);
    }

    /** {@code seconds} of audio whose every byte is the utterance's length in seconds, to tell them apart. */
    private static SpeechCorpus.Utterance utterance(String name, int seconds, String text) {
        byte[] pcm = new byte[seconds * SECOND];
        java.util.Arrays.fill(pcm, (byte) seconds);
        return new SpeechCorpus.Utterance(name, Path.of(name + ".wav"), pcm, text, true);
    }
}
