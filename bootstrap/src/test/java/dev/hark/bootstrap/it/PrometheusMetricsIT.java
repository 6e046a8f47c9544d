package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SpeechFixture;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin port's Prometheus exposition: valid for {@code promtool check metrics} (Debian's
 * {@code prometheus} package; the launcher installs it for {@code ./hark test}), and counters,
 * histograms and gauges that move when the events they count happen. Readiness and liveness too.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusMetricsIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app();
    private static final WebSocketClient CLIENT = HarkAppHarness.client();

    @Test
    void exposesPromtoolValidMetrics() throws Exception {
        HttpResponse<String> response = HarkAppHarness.admin(APP, "/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("# TYPE hark_sessions_opened_total counter")
                .contains("# TYPE hark_final_lag_seconds histogram").contains("# TYPE hark_sessions gauge");
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream stdin = promtool.getOutputStream()) {
            stdin.write(response.body().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream verdict = new ByteArrayOutputStream();
        promtool.getInputStream().transferTo(verdict);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(verdict.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void countersHistogramsAndGaugesMoveWithASessionsEvents() throws Exception {
        PrometheusScrape before = scrape();
        SpeechFixture speech = SpeechFixture.load("weather");
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("session.started");
            PrometheusScrape during = scrape();
            assertThat(during.value("hark_sessions")).isEqualTo(1);
            assertThat(during.value("hark_attachments")).isEqualTo(1);
            assertThat(during.value("hark_decoders{state=\"in_use\"}")).isEqualTo(1);
            byte[] pcm = speech.pcm();
            for (int offset = 0; offset < pcm.length; offset += 3200) {
                socket.sendBinary(Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + 3200)));
            }
            socket.sendText("{\"type\":\"close_stream\"}");
            assertThat(socket.nextOfType("session.closed")).isNotNull();
        }
        try (TestStreamSocket stranger = TestStreamSocket.connect(CLIENT,
                HarkAppHarness.streamUri(APP, "session_id=nosuchsession01&resume_token=whatever"))) {
            assertThat(stranger.next().path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("hark_sessions") == 0);

        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "hark_sessions_opened_total")).isEqualTo(1);
        assertThat(delta(before, after, "hark_attaches_total")).isEqualTo(1);
        assertThat(delta(before, after, "hark_client_sockets_opened_total")).as("the session's and the stranger's").isEqualTo(2);
        assertThat(delta(before, after, "hark_sessions_ended_total{reason=\"client_closed\"}")).isEqualTo(1);
        assertThat(delta(before, after, "hark_refusals_total{code=\"SESSION_NOT_FOUND\"}")).isEqualTo(1);
        assertThat(delta(before, after, "hark_recognizer_connects_total")).isEqualTo(1);
        assertThat(delta(before, after, "hark_recognizer_connect_seconds_count")).isEqualTo(1);
        assertThat(delta(before, after, "hark_session_first_final_seconds_count")).isEqualTo(1);
        assertThat(delta(before, after, "hark_final_lag_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(after.value("hark_draining")).isZero();
        assertThat(after.value("hark_ready")).isEqualTo(1);
        assertThat(after.value("hark_decoders{state=\"in_use\"}")).isZero();
    }

    @Test
    void readinessAndLivenessAnswerWithTheirNumbers() throws Exception {
        HttpResponse<String> ready = HarkAppHarness.admin(APP, "/health/ready");
        HttpResponse<String> live = HarkAppHarness.admin(APP, "/health/live");

        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode readiness = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ready.body());
        assertThat(readiness.path("ready").asBoolean()).isTrue();
        assertThat(readiness.path("recognizer_limit").asInt()).isEqualTo(2);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"alive\":true");
    }

    private static PrometheusScrape scrape() throws Exception {
        return PrometheusScrape.of(HarkAppHarness.admin(APP, "/prometheus").body());
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String series) {
        return after.value(series) - before.value(series);
    }
}
