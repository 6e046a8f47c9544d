package dev.hark.infrastructure.inbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenQueryTest {

    @Test
    void readsWhatTheSessionNeeds_keepsEveryOptionForTheRecognizer_andIgnoresUnknownKeys() {
        Map<String, List<String>> query = query("encoding=MULAW&sample_rate=8000&channels=2&interim_results=TRUE"
                + "&vad_events=true&utterance_end_ms=1200&endpointing=false&language=en-GB&model=nova-2"
                + "&keyterm=a&keyterm=b&whatever=x&sample_rate=8000");

        ListenOptions options = ((ListenQuery.Parsed.Valid) ListenQuery.parse(query)).options();

        assertThat(options.audio()).isEqualTo(new ListenOptions.AudioDeclaration.Raw(
                new AudioFormat(AudioEncoding.MULAW, 8_000, 2)));
        assertThat(options.interimResults()).isTrue();
        assertThat(options.vadEvents()).isTrue();
        assertThat(options.utteranceEndMs()).isEqualTo(1200);
        assertThat(options.endpointing()).isFalse();
        assertThat(options.language()).isEqualTo("en-GB");
        assertThat(options.model()).isEqualTo("nova-2");
        assertThat(options.providerOptions().values()).containsEntry("keyterm", List.of("a", "b"))
                .containsEntry("whatever", List.of("x"));
    }

    @Test
    void keepsHarksOwnCredentialOutOfTheOptionsForTheRecognizer() {
        Map<String, List<String>> query = query("encoding=linear16&sample_rate=16000&access_token=aaa.bbb.ccc&tag=t");

        ListenOptions options = ((ListenQuery.Parsed.Valid) ListenQuery.parse(query)).options();

        assertThat(options.providerOptions().values()).as("never sent upstream").doesNotContainKey("access_token")
                .containsEntry("tag", List.of("t"));
    }

    @Test
    void takesDeepgramsDefaults_andAContainer_whenNothingIsSaid() {
        ListenOptions options = ((ListenQuery.Parsed.Valid) ListenQuery.parse(Map.of())).options();

        assertThat(options.audio()).isInstanceOf(ListenOptions.AudioDeclaration.Container.class);
        assertThat(options.interimResults()).isFalse();
        assertThat(options.vadEvents()).isFalse();
        assertThat(options.utteranceEndMs()).isZero();
        assertThat(options.speechEvents()).isFalse();
        assertThat(options.endpointing()).isTrue();
        assertThat(options.language()).isEqualTo("en");
    }

    @ParameterizedTest
    @ValueSource(strings = {"encoding=flac&sample_rate=16000", "encoding=linear16", "encoding=linear16&sample_rate=7",
            "encoding=linear16&sample_rate=16000&channels=0", "encoding=alaw&sample_rate=8000&vad_events=yes",
            "utterance_end_ms=-5", "endpointing=later", "language=en_US!"})
    void refusesValuesItCannotServe(String raw) {
        assertThat(ListenQuery.parse(query(raw))).isInstanceOf(ListenQuery.Parsed.Invalid.class);
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            query.computeIfAbsent(parts[0], ignored -> new java.util.ArrayList<>()).add(parts[1]);
        }
        return query;
    }
}
