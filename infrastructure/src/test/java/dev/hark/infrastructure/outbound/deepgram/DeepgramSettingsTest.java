package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeepgramSettingsTest {

    @Test
    void toStringRedactsTheKey_andShowsEverythingElse() {
        DeepgramSettings settings = TestSettings.forServer(URI.create("wss://dg.example:8443/proxy"))
                .keyterms("Hark").tags("demo").build();

        assertThat(settings.toString())
                .doesNotContain(TestSettings.API_KEY)
                .contains("apiKey=***", "wss://dg.example:8443/proxy", "model=nova-3", "keyterms=[Hark]",
                        "tags=[demo]", "endpointing=300", "utteranceEndMs=1000");
    }

    @Test
    void refusesUtteranceEnd_withoutInterimResults() {
        TestSettings settings = TestSettings.forServer(URI.create("ws://127.0.0.1:9090")).interimResults(false);

        assertThatIllegalArgumentException().isThrownBy(settings::build).withMessageContaining("interim");
        assertThat(settings.utteranceEndMs(0).build().interimResults()).isFalse();
    }

    @Test
    void refusesEndpointingDeepgramWouldNotTake() {
        TestSettings settings = TestSettings.forServer(URI.create("ws://127.0.0.1:9090"));
        settings.endpointing = "300ms";

        assertThatIllegalArgumentException().isThrownBy(settings::build).withMessageContaining("endpointing");
    }

    @Test
    void refusesBlankKeyAndBlankKeyterms() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DeepgramSettings(URI.create("ws://127.0.0.1:9090"),
                " ", "nova-3", "", true, true, false, "300", 1000, true, List.of(), List.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(2)));
        assertThatIllegalArgumentException().isThrownBy(
                () -> TestSettings.forServer(URI.create("ws://127.0.0.1:9090")).keyterms("ok", " ").build());
    }

    @Test
    void refusesBaseUrlWithCredentials_withoutRepeatingThem() {
        TestSettings settings = TestSettings.forServer(URI.create("wss://user:pa55word@dg.example"));

        assertThatThrownBy(settings::build).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("pa55word");
    }

    @Test
    void refusesBaseUrlThatIsNotAWebSocketUrl() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> TestSettings.forServer(URI.create("ftp://dg.example")).build());
        assertThatIllegalArgumentException().isThrownBy(
                () -> TestSettings.forServer(URI.create("ws://dg.example/?x=1")).build());
    }

    @Test
    void copiesLists_soCallersCannotChangeThemLater() {
        List<String> keyterms = new java.util.ArrayList<>(List.of("a"));
        DeepgramSettings settings = new DeepgramSettings(URI.create("ws://127.0.0.1:9090"), "k", "nova-3", "",
                true, true, false, "10", 0, false, keyterms, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ZERO);
        keyterms.add("b");

        assertThat(settings.keyterms()).containsExactly("a");
    }
}
