package dev.hark.bootstrap.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.AccessClaims;
import dev.hark.bootstrap.it.HarkProcess;
import dev.hark.bootstrap.it.PrometheusScrape;
import dev.hark.infrastructure.outbound.tokens.NimbusAccessTokenAdapter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser client in a real Chromium against the production edge of the real process (the
 * built jar): API keys configured, so every socket needs a browser token in the {@code bearer,
 * TOKEN} subprotocol (which Chromium accepts only if the server selects {@code bearer}), and a
 * drain on SIGTERM. The echo provider names each final's exact sample range, so "every final for
 * the audio sent" is checked exactly. One process for both tests: the drain test stops it, so it
 * runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTokensAndDrainIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserTokensAndDrainIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "web-key-0123456789abcdef";
    private static final String TOKEN_SECRET = "browser-it-token-secret-0123456789abcdef";
    private static final Pattern SAMPLES = Pattern.compile("samples (\\d+)-(\\d+)");
    /** drain.timeout: how long attached clients have after SIGTERM. */
    private static final long DRAIN_MS = 3000;

    private static HarkProcess hark;

    @BeforeAll
    static void start() throws Exception {
        ClientPackage.requireChromium();
        ClientPackage.installed();
        Path dir = Files.createDirectories(Path.of("target", "browser", "tokens-and-drain").toAbsolutePath());
        hark = HarkProcess.start(dir, """
                provider: echo
                auth:
                  apiKeys: [{name: web, key: %s}]
                  tokenSecret: %s
                sessions: {attachBurstPerAddress: 1000, attachRatePerAddress: 1000}
                drain: {timeout: %dms, finalizeTimeout: 5s}
                """.formatted(KEY, TOKEN_SECRET, DRAIN_MS));
    }

    @AfterAll
    static void stop() {
        if (hark != null) {
            hark.close();
        }
    }

    @Test
    @Order(1)
    void anExpiredTokenIsRefused_aFreshOneOpensTheSession_andTheDemoPageTakesAPastedToken() throws Exception {
        PrometheusScrape before = scrape();

        JsonNode result = ClientPackage.runScenario(hark.port, "tokens",
                "--expired-token", expiredToken(), "--fresh-token", freshToken());

        JsonNode refused = result.path("refused");
        assertThat(refused.path("code").asText()).as("connect() with an expired token: %s", refused)
                .isEqualTo("CONNECTION_FAILED");
        assertThat(refused.path("asked").asInt()).as("tokens asked for: the first socket and its one retry").isEqualTo(2);
        JsonNode retried = result.path("retried");
        assertThat(retried.path("asked").asInt()).as("an expired token, then a fresh one: %s", retried).isEqualTo(2);
        assertThat(retried.path("sessionId").asText()).isNotBlank();
        assertThat(retried.path("closed").path("reason").asText()).isEqualTo("client_closed");
        assertThat(result.path("state").asText()).as("the demo page's session with the pasted token").isEqualTo("closed");
        assertThat(ClientPackage.list(result.path("transcript"))).as("finals the demo page showed").isNotEmpty();
        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "hark_auth_failures_total{reason=\"EXPIRED_TOKEN\"}"))
                .as("upgrades refused for the expired token: two for the first client, one for the second").isEqualTo(3);
        assertThat(delta(before, after, "hark_auth_accepted_total{credential=\"access_token\"}"))
                .as("sockets opened with the fresh token: the second client's retry and the demo page").isEqualTo(2);
    }

    @Test
    @Order(2)
    @DisplayName("H29 in the browser: SIGTERM while two clients stream: 'finish' gets every final for its audio and "
            + "ends in order; 'resume' streams to the deadline, gets every final the server received, ends server_draining")
    void aDrainingServerIsHandled_everyFinalForTheAudioThenACleanEnd_H29() throws Exception {
        JsonNode result = ClientPackage.runScenario(hark.port, "drain",
                "--fresh-token", freshToken(), "--pid", String.valueOf(hark.pid()));

        assertThat(ClientPackage.list(result.path("states")).stream().map(JsonNode::asText).toList())
                .as("both sessions ended in order: %s", result.path("runs")).containsExactly("closed", "closed");
        JsonNode finish = result.path("runs").path("finish");
        JsonNode resume = result.path("runs").path("resume");
        for (JsonNode run : List.of(finish, resume)) {
            assertThat(run.path("draining").path("remainingMs").asLong()).as("server.draining's remaining_ms: %s", run)
                    .isBetween(1L, DRAIN_MS);
            assertThat(run.path("draining").path("deadline").asText()).as("server.draining's deadline").isNotBlank();
        }
        assertThat(ClientPackage.list(finish.path("errors"))).as("errors of the 'finish' client").isEmpty();
        // audio in flight when the server finalized at its deadline is refused, frame by frame; the client says so once
        assertThat(ClientPackage.list(resume.path("errors"))).as("errors of the 'resume' client").hasSizeLessThanOrEqualTo(1)
                .allMatch(error -> error.asText().startsWith("STREAM_CLOSING: "));
        assertThat(finish.path("closed").path("reason").asText()).isEqualTo("client_closed");
        assertThat(tileEnd(finish.path("finals"))).as("finals of the 'finish' client tile every sample it sent")
                .isEqualTo(finish.path("sent").asLong());
        assertThat(resume.path("closed").path("reason").asText()).as("a session the drain finalized cannot be resumed")
                .isEqualTo("server_draining");
        assertThat(tileEnd(resume.path("finals"))).as("finals of the 'resume' client: at least all it sent before the"
                        + " announcement, at most all it sent")
                .isBetween(resume.path("sentAtDraining").asLong(), resume.path("sent").asLong());
        assertThat(hark.awaitExit(Duration.ofSeconds(30))).as("exit status after the drain").isZero();

        double sigterm = result.path("sigtermAt").asDouble();
        LOG.info("MEASURE browser drain timeline (ms after SIGTERM, page clock): server.draining +{} / +{}; "
                        + "'finish' closed ({}) +{}; 'resume' closed ({}) +{}; finals {} / {}; samples sent {} / {}",
                Math.round(finish.path("draining").path("at").asDouble() - sigterm),
                Math.round(resume.path("draining").path("at").asDouble() - sigterm),
                finish.path("closed").path("reason").asText(),
                Math.round(finish.path("closed").path("at").asDouble() - sigterm),
                resume.path("closed").path("reason").asText(),
                Math.round(resume.path("closed").path("at").asDouble() - sigterm),
                finish.path("finals").size(), resume.path("finals").size(),
                finish.path("sent").asLong(), resume.path("sent").asLong());
    }

    /** A token signed with the server's secret that expired five minutes ago. */
    private static String expiredToken() {
        Instant now = Instant.now();
        return NimbusAccessTokenAdapter.withSecret(TOKEN_SECRET)
                .sign(new AccessClaims("web", now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(5))));
    }

    /** What an app's backend does: {@code POST /v1/auth/grant} with its key. */
    private static String freshToken() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> grant = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + hark.port + "/v1/auth/grant"))
                    .header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ttl_seconds\": 300}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(grant.statusCode()).as(grant.body()).isEqualTo(200);
            return JSON.readTree(grant.body()).path("access_token").asText();
        }
    }

    /** The end of the contiguous run of echo finals from sample 0; fails on a gap or an overlap. */
    private static long tileEnd(JsonNode finals) {
        long end = 0;
        for (JsonNode text : finals) {
            Matcher span = SAMPLES.matcher(text.asText());
            assertThat(span.matches()).as("an echo final: %s", text).isTrue();
            assertThat(Long.parseLong(span.group(1))).as("finals tile the audio").isEqualTo(end);
            end = Long.parseLong(span.group(2));
        }
        return end;
    }

    private static PrometheusScrape scrape() throws Exception {
        return PrometheusScrape.of(hark.admin("/prometheus").body());
    }

    private static long delta(PrometheusScrape before, PrometheusScrape after, String series) {
        return Math.round(after.value(series) - before.value(series));
    }
}
