package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.infrastructure.client.StreamEvent.ServerError;
import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionResumed;
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
    void decodesSessionResumed_withExactSamples() {
        String json = "{\"type\":\"session.resumed\",\"session_id\":\"a\",\"generation\":2,\"resume_token\":\"t2\","
                + "\"audio_end\":12.34,\"audio_end_samples\":197440}";

        assertThat(StreamMessages.decode(json)).contains(new SessionResumed("a", "t2", 2, 12.34, 197_440));
    }

    @Test
    void roundsSecondsToSamples_whenSessionResumedHasNoSampleCount() {
        SessionResumed resumed = (SessionResumed) StreamMessages.decode("{\"type\":\"session.resumed\","
                + "\"session_id\":\"a\",\"resume_token\":\"t2\",\"audio_end\":0.06253}").orElseThrow();

        assertThat(resumed.audioEndSamples()).isEqualTo(SessionResumed.UNKNOWN_SAMPLES);
        assertThat(resumed.samplesAt(16_000)).isEqualTo(1_000);
    }

    @Test
    void failsAsProtocolError_whenSessionResumedHasNoAudioEnd() {
        assertThatThrownBy(() -> StreamMessages.decode(
                "{\"type\":\"session.resumed\",\"session_id\":\"a\",\"resume_token\":\"t\"}"))
                .isInstanceOf(HarkStreamException.class).hasMessageContaining("audio_end");
    }

    @Test
    void leavesTokenOutOfToString_whenSessionAttaches() {
        assertThat(new SessionStarted("a", "secret", 1).toString()).doesNotContain("secret");
        assertThat(new SessionResumed("a", "secret", 2, 1.0, 16_000).toString()).doesNotContain("secret");
    }

    @Test
    void endsStream_onlyForCodesTheProtocolDoesNotListAsRecoverable() {
        assertThat(new ServerError("FINALS_EXPIRED", "", Duration.ZERO).endsStream()).isFalse();
        assertThat(new ServerError("STREAM_CLOSING", "", Duration.ZERO).endsStream()).isFalse();
        assertThat(new ServerError("PROVIDER_ERROR", "", Duration.ZERO).endsStream()).isTrue();
        assertThat(new ServerError("something_new", "", Duration.ZERO).endsStream()).isTrue();
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
