package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authentication over real sockets against the real application with API keys configured:
 * every credential form accepted, every refusal with its status and {@code hark-error}, browser
 * tokens (grant, expiry, revocation by key), origins, per-key limits, resume bound to its key, and
 * no secret in the request log or the application log (grepped once every test has run).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AccessIT {

    private static final Path LOGS = tempDir();
    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.appWith("access-config.yml",
            ConfigOverride.config("server.requestLog.appenders[0].currentLogFilename",
                    LOGS.resolve("requests.log").toString()),
            ConfigOverride.config("logging.appenders[1].currentLogFilename", LOGS.resolve("app.log").toString()));
    private static final WebSocketClient CLIENT = HarkAppHarness.client();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ALPHA = "alpha-key-0123456789abcdef";
    private static final String BRAVO = "bravo-key-0123456789abcdef";
    private static final String SOLO = "solo-key-0123456789abcdef";
    private static final String SLOW = "slow-key-0123456789abcdef";
    /** Every secret a test used; none may appear in any log line. */
    private static final List<String> SECRETS = new ArrayList<>(List.of(ALPHA, BRAVO, SOLO, SLOW));

    @ParameterizedTest(name = "Authorization: {0} KEY")
    @ValueSource(strings = {"Bearer", "Token", "token", "BEARER"})
    void opensASession_withTheKeyInTheAuthorizationHeader(String scheme) throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setHeader("Authorization", scheme + " " + ALPHA);
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""), upgrade)) {
            assertStartsAndCloses(socket);
        }
    }

    @ParameterizedTest(name = "Sec-WebSocket-Protocol: {0}, TOKEN")
    @ValueSource(strings = {"bearer", "token"})
    void opensASession_withABrowserTokenAsSubprotocol_andAnswersTheScheme(String scheme) throws Exception {
        String token = grant(ALPHA, "").path("access_token").asText();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols(scheme, token);
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""), upgrade)) {
            assertThat(socket.upgradeResponse().getAcceptedSubProtocol()).isEqualTo(scheme);
            assertStartsAndCloses(socket);
        }
    }

    @Test
    void opensASession_withTheTokenAsAccessTokenParameter() throws Exception {
        String token = grant(BRAVO, "").path("access_token").asText();
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT,
                HarkAppHarness.streamUri(APP, "sample_rate=16000&access_token=" + token))) {
            assertStartsAndCloses(socket);
        }
    }

    @Test
    void grantAnswersLikeDeepgram_withTheConfiguredLifetime() throws Exception {
        JsonNode grant = grant(ALPHA, "");
        assertThat(grant.path("expires_in").asInt()).isEqualTo(30);
        assertThat(grant.path("access_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(grant(ALPHA, "{\"ttl_seconds\": 120}").path("expires_in").asInt()).isEqualTo(120);
    }

    @Test
    void refusesAnExpiredToken_with401() throws Exception {
        String token = grant(ALPHA, "{\"ttl_seconds\": 1}").path("access_token").asText();
        // accepted while it lives (an upgrade that succeeds fails refusal() with an AssertionError) ...
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .ignoreException(AssertionError.class)
                .until(() -> refusal(List.of(), List.of("bearer", token), "").statusCode() == 401);
        HttpResponse<String> refused = refusal(List.of(), List.of("bearer", token), "");
        assertThat(refused.headers().firstValue("hark-error")).hasValueSatisfying(
                value -> assertThat(value).startsWith("EXPIRED_TOKEN: "));
    }

    @Test
    void refusesWithoutOrWithAWrongCredential_with401AndAReadableReason() throws Exception {
        assertRefused(refusal(List.of(), List.of(), ""), 401, "MISSING_CREDENTIAL");
        assertRefused(refusal(List.of("Bearer not-a-key-0123456789"), List.of(), ""), 401, "UNKNOWN_CREDENTIAL");
        assertRefused(refusal(List.of("Basic " + ALPHA), List.of(), ""), 401, "MALFORMED_CREDENTIAL");
        assertRefused(refusal(List.of(), List.of("bearer", "aaaa.bbbb.cccc"), ""), 401, "UNKNOWN_CREDENTIAL");
        assertRefused(refusal(List.of(), List.of(), "access_token=" + ALPHA.replace('a', 'b')), 401,
                "UNKNOWN_CREDENTIAL");
        PrometheusScrape metrics = PrometheusScrape.of(HarkAppHarness.admin(APP, "/prometheus").body());
        assertThat(metrics.value("hark_auth_failures_total{reason=\"MISSING_CREDENTIAL\"}")).isPositive();
        assertThat(metrics.value("hark_auth_failures_total{reason=\"UNKNOWN_CREDENTIAL\"}")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void refusesABrowserPageFromAnotherOrigin_with403_andAdmitsAnAllowedOne() throws Exception {
        assertRefused(refusal(List.of("Bearer " + ALPHA), List.of(), "", "https://evil.example"), 403,
                "ORIGIN_NOT_ALLOWED");
        ClientUpgradeRequest allowed = new ClientUpgradeRequest();
        allowed.setHeader("Authorization", "Bearer " + ALPHA);
        allowed.setHeader("Origin", "https://app.example");
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""), allowed)) {
            assertStartsAndCloses(socket);
        }
    }

    @Test
    void grantNeedsAnApiKey_notAToken() throws Exception {
        String token = grant(ALPHA, "").path("access_token").asText();
        HttpResponse<String> withToken = post("Bearer " + token, "");
        assertThat(withToken.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(withToken.body()).path("err_code").asText()).isEqualTo("TOKEN_NOT_ALLOWED");
        assertThat(post(null, "").statusCode()).isEqualTo(401);
        assertThat(post("Bearer " + ALPHA, "{\"ttl_seconds\": 0}").statusCode()).isEqualTo(400);
    }

    @Test
    void resumeIsRefusedForAnotherKey_evenWithTheRightResumeToken() throws Exception {
        ClientUpgradeRequest asAlpha = new ClientUpgradeRequest();
        asAlpha.setHeader("Authorization", "Bearer " + ALPHA);
        TestStreamSocket owner = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""), asAlpha);
        JsonNode started = owner.next();
        String resumeToken = started.path("resume_token").asText();
        SECRETS.add(resumeToken);
        owner.abort();
        await().atMost(Duration.ofSeconds(10)).until(() -> StreamProtocolIT.gaugeOf(APP, "hark.attachments.active") == 0);
        String resume = "session_id=" + started.path("session_id").asText() + "&resume_token="
                + URLEncoder.encode(resumeToken, StandardCharsets.UTF_8);

        ClientUpgradeRequest asBravo = new ClientUpgradeRequest();
        asBravo.setHeader("Authorization", "Bearer " + BRAVO);
        try (TestStreamSocket thief = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, resume), asBravo)) {
            assertThat(thief.next().path("code").asText()).isEqualTo("RESUME_DENIED");
            assertThat(thief.awaitClose().code()).isEqualTo(1008);
        }
        ClientUpgradeRequest alphaAgain = new ClientUpgradeRequest();
        alphaAgain.setSubProtocols("bearer", grant(ALPHA, "").path("access_token").asText());
        try (TestStreamSocket rightful = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, resume),
                alphaAgain)) {
            JsonNode resumed = rightful.next();
            assertThat(resumed.path("type").asText()).isEqualTo("session.resumed");
            SECRETS.add(resumed.path("resume_token").asText());
            rightful.sendText("{\"type\":\"close_stream\"}");
            assertThat(rightful.nextOfType("session.closed")).isNotNull();
        }
    }

    @Test
    void refusesASecondSessionOfAKeyAtItsConcurrencyLimit_untilTheFirstEnds() throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setHeader("Authorization", "Bearer " + SOLO);
        try (TestStreamSocket first = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""), upgrade)) {
            assertThat(first.next().path("type").asText()).isEqualTo("session.started");
            try (TestStreamSocket second = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""),
                    upgrade)) {
                JsonNode refused = second.next();
                assertThat(refused.path("code").asText()).isEqualTo("KEY_CONCURRENCY_LIMIT");
                assertThat(refused.path("retry_after_ms").asLong()).isPositive();
                assertThat(second.awaitClose().code()).isEqualTo(1013);
            }
            first.sendText("{\"type\":\"close_stream\"}");
            assertThat(first.nextOfType("session.closed")).isNotNull();
        }
        try (TestStreamSocket again = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""), upgrade)) {
            assertStartsAndCloses(again);
        }
    }

    @Test
    void refusesSessionsOfAKeyBeyondItsRate_withRetryAfter() throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setHeader("Authorization", "Token " + SLOW);
        try (TestStreamSocket first = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""), upgrade)) {
            assertStartsAndCloses(first);
        }
        try (TestStreamSocket second = TestStreamSocket.connect(CLIENT, HarkAppHarness.streamUri(APP, ""), upgrade)) {
            JsonNode refused = second.next();
            assertThat(refused.path("code").asText()).isEqualTo("KEY_RATE_LIMIT");
            assertThat(refused.path("retry_after_ms").asLong()).isGreaterThan(1000);
            assertThat(second.awaitClose().code()).isEqualTo(1013);
        }
    }

    // ---- /v1/listen (Deepgram's protocol) behind the same gate ----------------------------

    /** How a Deepgram client presents its credential: header scheme, or the browser's subprotocol pair. */
    enum ListenCredential { AUTHORIZATION_TOKEN_KEY, AUTHORIZATION_BEARER_KEY, SUBPROTOCOL_TOKEN_KEY, SUBPROTOCOL_BEARER_JWT }

    @ParameterizedTest
    @EnumSource(ListenCredential.class)
    void listenOpensAStream_withEachDeepgramCredentialForm(ListenCredential form) throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(listenUri("encoding=linear16&sample_rate=16000"));
        String echoed = switch (form) {
            case AUTHORIZATION_TOKEN_KEY -> {
                upgrade.setHeader("Authorization", "Token " + ALPHA);
                yield null;
            }
            case AUTHORIZATION_BEARER_KEY -> {
                upgrade.setHeader("Authorization", "Bearer " + BRAVO);
                yield null;
            }
            case SUBPROTOCOL_TOKEN_KEY -> {
                upgrade.setSubProtocols("token", ALPHA);
                yield "token";
            }
            case SUBPROTOCOL_BEARER_JWT -> {
                upgrade.setSubProtocols("bearer", grant(ALPHA, "").path("access_token").asText());
                yield "bearer";
            }
        };
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT, upgrade)) {
            assertThat(socket.upgradeResponse().getAcceptedSubProtocol()).isEqualTo(echoed);
            assertThat(socket.upgradeResponse().getHeader("dg-request-id")).isNotBlank();
            socket.sendBinary(new byte[3200]);
            socket.sendText("{\"type\":\"KeepAlive\"}");
            socket.sendText("{\"type\":\"CloseStream\"}");
            List<JsonNode> messages = socket.drainUntilClosed();
            assertThat(messages).last().satisfies(last -> assertThat(last.path("type").asText()).isEqualTo("Metadata"));
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void listenRefusesDeepgramsWay_withoutOrWithAWrongCredential_andFromAnotherOrigin() throws Exception {
        String path = "/v1/listen?encoding=linear16&sample_rate=16000";
        assertListenRefused(RawUpgrade.send(APP.getLocalPort(), path, true), 401, "INVALID_AUTH", "MISSING_CREDENTIAL");
        assertListenRefused(RawUpgrade.send(APP.getLocalPort(), path, true, "Authorization: Token not-a-key-0123456789"),
                401, "INVALID_AUTH", "UNKNOWN_CREDENTIAL");
        assertListenRefused(RawUpgrade.send(APP.getLocalPort(), path, true, "Authorization: Basic " + ALPHA),
                401, "INVALID_AUTH", "MALFORMED_CREDENTIAL");
        assertListenRefused(RawUpgrade.send(APP.getLocalPort(), path, true,
                "Sec-WebSocket-Protocol: token, not-a-key-0123456789"), 401, "INVALID_AUTH", "UNKNOWN_CREDENTIAL");
        assertListenRefused(RawUpgrade.send(APP.getLocalPort(), path, true,
                "Sec-WebSocket-Protocol: bearer, aaaa.bbbb.cccc"), 401, "INVALID_AUTH", "UNKNOWN_CREDENTIAL");
        assertListenRefused(RawUpgrade.send(APP.getLocalPort(), path, true, "Authorization: Token " + ALPHA,
                "Origin: https://evil.example"), 403, "INSUFFICIENT_PERMISSIONS", "ORIGIN_NOT_ALLOWED");
    }

    @Test
    void listenHonoursPerKeyLimits_closing1013WithTheCode() throws Exception {
        ClientUpgradeRequest first = new ClientUpgradeRequest(listenUri("encoding=linear16&sample_rate=16000"));
        first.setHeader("Authorization", "Token " + SOLO);
        try (TestStreamSocket holding = TestStreamSocket.connect(CLIENT, first)) {
            holding.sendBinary(new byte[3200]);
            await().atMost(Duration.ofSeconds(10)).until(() -> StreamProtocolIT.gaugeOf(APP, "hark.sessions.active") >= 1);
            ClientUpgradeRequest second = new ClientUpgradeRequest(listenUri("encoding=linear16&sample_rate=16000"));
            second.setSubProtocols("token", SOLO);
            try (TestStreamSocket refused = TestStreamSocket.connect(CLIENT, second)) {
                assertThat(refused.drainUntilClosed()).extracting(m -> m.path("type").asText()).containsExactly("Metadata");
                TestStreamSocket.CloseStatus close = refused.awaitClose();
                assertThat(close.code()).isEqualTo(1013);
                assertThat(close.reason()).startsWith("KEY_CONCURRENCY_LIMIT");
            }
            holding.sendText("{\"type\":\"CloseStream\"}");
            assertThat(holding.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void listenTakesABrowserTokenAsAccessTokenParameter_andNeverLogsIt() throws Exception {
        String token = grant(BRAVO, "").path("access_token").asText();
        try (TestStreamSocket socket = TestStreamSocket.connect(CLIENT,
                listenUri("encoding=linear16&sample_rate=16000&access_token=" + token))) {
            socket.sendText("{\"type\":\"CloseStream\"}");
            assertThat(socket.awaitClose().code()).isEqualTo(1000);
        }
    }

    @AfterAll
    static void noSecretReachedAnyLog() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(LOGS.resolve("requests.log"))
                && Files.readString(LOGS.resolve("requests.log")).contains("/v1/auth/grant"));
        String requests = Files.readString(LOGS.resolve("requests.log"));
        String application = Files.readString(LOGS.resolve("app.log"));
        assertThat(requests).contains("access_token=REDACTED").contains("resume_token=REDACTED")
                .contains("/v1/listen?encoding=linear16&sample_rate=16000&access_token=REDACTED");
        for (String secret : SECRETS) {
            assertThat(requests).as("request log").doesNotContain(secret);
            assertThat(application).as("application log").doesNotContain(secret);
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    private static URI listenUri(String query) {
        return URI.create("ws://localhost:" + APP.getLocalPort() + "/v1/listen?" + query);
    }

    /** Deepgram's refusal: the status, {@code dg-error}, and {@code {err_code, err_msg, request_id}}. */
    private static void assertListenRefused(RawUpgrade.Answer answer, int status, String errCode, String reason)
            throws Exception {
        assertThat(answer.status()).isEqualTo(status);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("err_code").asText()).isEqualTo(errCode);
        assertThat(body.path("err_msg").asText()).contains(reason);
        assertThat(body.path("request_id").asText()).isNotBlank().isEqualTo(answer.header("dg-request-id"));
        assertThat(answer.header("dg-error")).isEqualTo(body.path("err_msg").asText());
    }

    private static void assertStartsAndCloses(TestStreamSocket socket) throws Exception {
        JsonNode started = socket.next();
        assertThat(started.path("type").asText()).isEqualTo("session.started");
        SECRETS.add(started.path("resume_token").asText());
        socket.sendBinary(new byte[640]);
        socket.sendText("{\"type\":\"close_stream\"}");
        assertThat(socket.nextOfType("session.closed")).isNotNull();
        assertThat(socket.awaitClose().code()).isEqualTo(1000);
    }

    private static JsonNode grant(String key, String body) throws Exception {
        HttpResponse<String> response = post("Bearer " + key, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode grant = JSON.readTree(response.body());
        SECRETS.add(grant.path("access_token").asText());
        return grant;
    }

    private static HttpResponse<String> post(String authorization, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + APP.getLocalPort() + "/v1/auth/grant"))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> refusal(List<String> authorization, List<String> subprotocols, String query)
            throws Exception {
        return refusal(authorization, subprotocols, query, null);
    }

    /** The HTTP answer to an upgrade that must fail (java.net.http exposes its status and headers). */
    @SuppressWarnings("unchecked")
    private static HttpResponse<String> refusal(List<String> authorization, List<String> subprotocols, String query,
                                                String origin) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket.Builder builder = http.newWebSocketBuilder();
            authorization.forEach(value -> builder.header("Authorization", value));
            if (origin != null) {
                builder.header("Origin", origin);
            }
            if (!subprotocols.isEmpty()) {
                builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size())
                        .toArray(String[]::new));
            }
            try {
                builder.buildAsync(HarkAppHarness.streamUri(APP, query), new WebSocket.Listener() { })
                        .get(20, TimeUnit.SECONDS).abort();
                throw new AssertionError("the upgrade was accepted");
            } catch (java.util.concurrent.ExecutionException | CompletionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    return (HttpResponse<String>) (HttpResponse<?>) refused.getResponse();
                }
                throw e;
            }
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("hark-error")).hasValueSatisfying(
                value -> assertThat(value).startsWith(reason + ": "));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("hark-access-it");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
