package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListenQueryTest {

    @Test
    void keepsEveryValueOfARepeatedKey_inOrder() {
        ListenQuery query = ListenQuery.parse("keyterm=park&model=nova-3&keyterm=weather&keyterm=park");

        assertThat(query.params().get("keyterm")).containsExactly("park", "weather", "park");
        assertThat(query.params().keySet()).containsExactly("keyterm", "model");
    }

    @Test
    void decodesPlusAndPercentEscapes() {
        ListenQuery query = ListenQuery.parse("tag=first+try&extra=team%3Ademo&keyterm=New%20York");

        assertThat(query.last("tag", "")).isEqualTo("first try");
        assertThat(query.last("extra", "")).isEqualTo("team:demo");
        assertThat(query.last("keyterm", "")).isEqualTo("New York");
    }

    @Test
    void readsTheLastValue_andFlagsOnlyForLiteralTrue() {
        ListenQuery query = ListenQuery.parse("interim_results=false&interim_results=TRUE&vad_events=1&punctuate");

        assertThat(query.flag("interim_results")).isTrue();
        assertThat(query.flag("vad_events")).isFalse();
        assertThat(query.has("punctuate")).isTrue();
        assertThat(query.last("punctuate", "x")).isEmpty();
        assertThat(query.last("language", "en")).isEqualTo("en");
    }

    @Test
    void toleratesEmptyAndMalformedInput() {
        assertThat(ListenQuery.parse(null).params()).isEmpty();
        assertThat(ListenQuery.parse("").params()).isEmpty();
        assertThat(ListenQuery.parse("&&a=%zz&").last("a", "")).isEqualTo("%zz");
    }
}
