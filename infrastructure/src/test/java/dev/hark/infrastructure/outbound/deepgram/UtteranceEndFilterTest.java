package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UtteranceEndFilterTest {

    private final UtteranceEndFilter filter = new UtteranceEndFilter();

    @Test
    void dropsUtteranceEnd_afterASpeechFinalFinalEndedTheUtterance() {
        filter.onFinal(true, false);
        filter.onFinal(true, true);

        assertThat(filter.admitUtteranceEnd()).isFalse();
    }

    @Test
    void admitsUtteranceEnd_whenFinalWordsFollowedNoSpeechFinal() {
        filter.onFinal(true, false);

        assertThat(filter.admitUtteranceEnd()).isTrue();
    }

    @Test
    void admitsOnlyOneUtteranceEnd_perUtterance() {
        filter.onFinal(true, false);

        assertThat(filter.admitUtteranceEnd()).isTrue();
        assertThat(filter.admitUtteranceEnd()).isFalse();
    }

    @Test
    void dropsUtteranceEnd_whenNoFinalWordsArrivedAtAll() {
        assertThat(filter.admitUtteranceEnd()).isFalse();
    }

    @Test
    void anEmptySpeechFinalFinal_endsNothing_becauseNoClientSawIt() {
        filter.onFinal(true, false);
        filter.onFinal(false, true);

        assertThat(filter.admitUtteranceEnd()).isTrue();
    }

    @Test
    void newWordsAfterASpeechFinal_openTheNextUtterance() {
        filter.onFinal(true, true);
        filter.onFinal(true, false);

        assertThat(filter.admitUtteranceEnd()).isTrue();
    }
}
