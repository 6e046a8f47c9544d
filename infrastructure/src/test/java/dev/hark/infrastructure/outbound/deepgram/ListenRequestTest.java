package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.session.StreamOptions;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ListenRequestTest {

    private static final URI BASE = URI.create("ws://127.0.0.1:9090");

    private static StreamOptions client(int sampleRate, boolean interims, String language) {
        return new StreamOptions(AudioFormat.linear16Mono(sampleRate), interims, language, 64_000);
    }

    @Test
    void buildsTheWholeQuery_inDeepgramsTerms() {
        String query = ListenRequest.query(TestSettings.forServer(BASE).build(), client(16_000, true, "en-US"));

        assertThat(query).isEqualTo("model=nova-3&language=en-US&encoding=linear16&sample_rate=16000&channels=1"
                + "&interim_results=true&punctuate=true&smart_format=false&endpointing=300&utterance_end_ms=1000"
                + "&vad_events=true");
    }

    @Test
    void repeatsKeytermAndTagKeys_andEncodesTheirValues() {
        DeepgramSettings settings = TestSettings.forServer(BASE).keyterms("Hark", "speech to text", "a&b=c")
                .tags("team:é", "demo").build();

        String query = ListenRequest.query(settings, client(16_000, true, "en"));

        assertThat(query).endsWith("&keyterm=Hark&keyterm=speech%20to%20text&keyterm=a%26b%3Dc"
                + "&tag=team%3A%C3%A9&tag=demo");
    }

    @Test
    void sendsTheClientsLanguage_unlessTheOperatorPinnedOne() {
        assertThat(ListenRequest.query(TestSettings.forServer(BASE).build(), client(16_000, true, "de")))
                .contains("&language=de&");
        assertThat(ListenRequest.query(TestSettings.forServer(BASE).language("multi").build(), client(16_000, true, "de")))
                .contains("&language=multi&").doesNotContain("language=de");
    }

    @Test
    void omitsLanguage_whenNeitherSideNamesOne() {
        assertThat(ListenRequest.query(TestSettings.forServer(BASE).build(), client(16_000, true, "")))
                .doesNotContain("language=");
    }

    @Test
    void tellsDeepgramTheSessionsSampleRate() {
        assertThat(ListenRequest.query(TestSettings.forServer(BASE).build(), client(8_000, true, "en")))
                .contains("&encoding=linear16&sample_rate=8000&channels=1&");
    }

    @Test
    void asksForInterims_whenTheClientWantsThemOrUtteranceEndNeedsThem() {
        TestSettings settings = TestSettings.forServer(BASE);

        assertThat(ListenRequest.query(settings.build(), client(16_000, false, "en")))
                .as("utterance_end_ms needs interim results").contains("interim_results=true");
        assertThat(ListenRequest.query(settings.utteranceEndMs(0).build(), client(16_000, false, "en")))
                .contains("interim_results=false").doesNotContain("utterance_end_ms");
        assertThat(ListenRequest.query(settings.utteranceEndMs(0).build(), client(16_000, true, "en")))
                .contains("interim_results=true");
        assertThat(ListenRequest.query(settings.utteranceEndMs(0).interimResults(false).build(), client(16_000, true, "en")))
                .as("the operator's veto").contains("interim_results=false");
    }

    @Test
    void leavesEndpointingToDeepgram_whenEmpty_andPassesFalseThrough() {
        TestSettings settings = TestSettings.forServer(BASE);
        settings.endpointing = "";
        assertThat(ListenRequest.query(settings.build(), client(16_000, true, "en"))).doesNotContain("endpointing");
        settings.endpointing = "false";
        assertThat(ListenRequest.query(settings.build(), client(16_000, true, "en"))).contains("&endpointing=false&");
    }

    @Test
    void appendsTheListenPath_keepingAPrefix_andMapsHttpSchemes() {
        StreamOptions options = client(16_000, true, "en");

        assertThat(ListenRequest.uri(TestSettings.forServer(URI.create("wss://api.deepgram.com")).build(), options))
                .hasScheme("wss").hasHost("api.deepgram.com").hasNoPort().hasPath("/v1/listen");
        assertThat(ListenRequest.uri(TestSettings.forServer(URI.create("http://10.0.0.5:8080/dg/")).build(), options))
                .hasScheme("ws").hasPort(8080).hasPath("/dg/v1/listen");
        assertThat(ListenRequest.uri(TestSettings.forServer(URI.create("https://dg.example/a/b")).build(), options))
                .hasScheme("wss").hasPath("/a/b/v1/listen");
    }

    @Test
    void keepsTheQueryEncodedInTheUri() {
        URI uri = ListenRequest.uri(TestSettings.forServer(BASE).keyterms("speech to text").build(),
                client(16_000, true, "en"));

        assertThat(uri.getRawQuery()).contains("keyterm=speech%20to%20text");
        assertThat(uri.getQuery()).contains("keyterm=speech to text");
    }

    @Test
    void passesAListenClientsOwnOptionsUpstream_replacingTheOperatorsDefaults_exceptPinnedAndHarkOwnedKeys() {
        java.util.Map<String, java.util.List<String>> asked = new java.util.LinkedHashMap<>();
        asked.put("model", java.util.List.of("nova-2"));
        asked.put("punctuate", java.util.List.of("false"));
        asked.put("keyterm", java.util.List.of("a b", "c"));
        asked.put("tag", java.util.List.of("mine"));
        asked.put("no_delay", java.util.List.of("true"));
        asked.put("encoding", java.util.List.of("flac"));
        asked.put("multichannel", java.util.List.of("true"));
        asked.put("callback", java.util.List.of("http://example.invalid"));
        asked.put("utterance_end_ms", java.util.List.of("1500"));
        StreamOptions options = new StreamOptions(new dev.hark.domain.audio.AudioFormat(
                dev.hark.domain.audio.AudioEncoding.MULAW, 8_000, 1), false, "en", 65_536, false,
                new dev.hark.domain.session.ProviderOptions(asked));
        DeepgramSettings settings = TestSettings.forServer(BASE).utteranceEndMs(0).build();
        DeepgramSettings pinningModel = new DeepgramSettings(settings.baseUrl(), settings.apiKey(), settings.model(),
                settings.language(), settings.interimResults(), settings.punctuate(), settings.smartFormat(),
                settings.endpointing(), settings.utteranceEndMs(), settings.vadEvents(), settings.keyterms(),
                settings.tags(), settings.handshakeTimeout(), settings.closeTimeout(), settings.retryAfter(),
                java.util.List.of("model"));

        String query = ListenRequest.query(settings, options);
        assertThat(query).contains("model=nova-2", "punctuate=false", "keyterm=a%20b&keyterm=c", "tag=mine",
                "no_delay=true", "encoding=mulaw&sample_rate=8000&channels=1",
                "utterance_end_ms=1500").doesNotContain("flac", "multichannel", "callback");
        assertThat(query).as("utterance_end_ms needs interims upstream").contains("interim_results=true");
        assertThat(ListenRequest.query(pinningModel, options)).contains("model=nova-3").doesNotContain("nova-2");
    }
}
