package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.infrastructure.client.StreamEvent.ServerError;
import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import dev.hark.infrastructure.client.StreamEvent.Transcript;
import dev.hark.infrastructure.client.StreamEvent.WordTiming;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamMessagesTest {

    @Test
    void decodesSessionStarted() {
        assertThat(StreamMessages.decode(
                "{\"type\":\"session.started\",\"session_id\":\"a\",\"resume_token\":\"t\",\"generation\":2}"))
                .contains(new SessionStarted("a", "t", 2));
    }

    @Test
    void decodesTranscriptWithWords() {
        String json = "{\"type\":\"transcript\",\"seq\":7,\"is_final\":true,\"text\":\"hi there\",\"start\":0.5,"
                + "\"end\":1.25,\"words\":[{\"word\":\"hi\",\"start\":0.5,\"end\":0.8,\"confidence\":0.9}]}";

        assertThat(StreamMessages.decode(json)).contains(new Transcript(7, true, "hi there", 0.5, 1.25,
                List.of(new WordTiming("hi", 0.5, 0.8, 0.9))));
    }

    @Test
    void decodesErrorWithZeroRetry_whenRetryAfterIsAbsent() {
        assertThat(StreamMessages.decode("{\"type\":\"error\",\"code\":\"bad_audio\",\"message\":\"odd length\"}"))
                .contains(new ServerError("bad_audio", "odd length", Duration.ZERO));
    }

    @Test
    void decodesSessionClosed() {
        assertThat(StreamMessages.decode("{\"type\":\"session.closed\",\"reason\":\"client_closed\"}"))
                .contains(new SessionClosed("client_closed"));
    }

    @Test
    void ignores_whenTypeIsUnknown() {
        assertThat(StreamMessages.decode("{\"type\":\"metrics\",\"x\":1}")).isEmpty();
    }

    @Test
    void failsAsProtocolError_whenNotJson() {
        assertThatThrownBy(() -> StreamMessages.decode("hello"))
                .isInstanceOf(HarkStreamException.class).hasMessageContaining("not JSON");
    }

    @Test
    void failsAsProtocolError_whenSessionIdIsMissing() {
        assertThatThrownBy(() -> StreamMessages.decode("{\"type\":\"session.started\",\"resume_token\":\"t\"}"))
                .isInstanceOf(HarkStreamException.class).hasMessageContaining("session_id");
    }
}
