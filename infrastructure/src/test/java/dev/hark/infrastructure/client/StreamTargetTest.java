package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class StreamTargetTest {

    @Test
    void carriesFormatInQuery_whenBuildingUri() {
        StreamTarget target = StreamTarget.forAudio(URI.create("ws://localhost:8080/v1/stream"),
                new WavAudio(16_000, 1, new byte[0]), false);

        assertThat(target.uri()).hasToString("ws://localhost:8080/v1/stream"
                + "?encoding=linear16&sample_rate=16000&channels=1&interim_results=false&language=en");
    }

    @Test
    void rejects_whenSchemeIsHttp() {
        assertThatThrownBy(() -> new StreamTarget(URI.create("http://localhost/v1/stream"), 16_000, 1, false, "en"))
                .hasMessageContaining("ws://");
    }

    @Test
    void rejects_whenUrlAlreadyHasQuery() {
        assertThatThrownBy(() -> new StreamTarget(URI.create("ws://localhost/v1/stream?x=1"), 16_000, 1, false, "en"))
                .hasMessageContaining("query");
    }
}
