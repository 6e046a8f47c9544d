package dev.hark.infrastructure.inbound.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class RedactingRequestLogTest {

    @Test
    void redactsResumeAndAccessTokens_andKeepsEverythingElse() {
        assertThat(RedactingRequestLog.redactQuery("session_id=s1&resume_token=abc%2Bd&last_seq=3"))
                .isEqualTo("session_id=s1&resume_token=REDACTED&last_seq=3");
        assertThat(RedactingRequestLog.redactQuery("ACCESS_TOKEN=x.y.z&sample_rate=16000&flag"))
                .isEqualTo("ACCESS_TOKEN=REDACTED&sample_rate=16000&flag");
    }

    @Test
    void redactsCredentialsInHeaders_keepingTheScheme() {
        HttpFields redacted = RedactingRequestLog.redactHeaders(HttpFields.build()
                .add("Authorization", "Bearer key-123")
                .add("Sec-WebSocket-Protocol", "token, key-456")
                .add("Cookie", "session=abc")
                .add("User-Agent", "test").asImmutable());

        assertThat(redacted.get("Authorization")).isEqualTo("Bearer REDACTED");
        assertThat(redacted.get("Sec-WebSocket-Protocol")).isEqualTo("token, REDACTED");
        assertThat(redacted.get("Cookie")).isEqualTo("REDACTED");
        assertThat(redacted.get("User-Agent")).isEqualTo("test");
    }
}
