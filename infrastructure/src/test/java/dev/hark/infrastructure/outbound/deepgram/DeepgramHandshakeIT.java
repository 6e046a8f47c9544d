package dev.hark.infrastructure.outbound.deepgram;

import static dev.hark.infrastructure.outbound.deepgram.DeepgramRecognizerAdapterIT.WAIT;
import static dev.hark.infrastructure.outbound.deepgram.DeepgramRecognizerAdapterIT.request;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.error.ErrorCode;
import dev.hark.infrastructure.outbound.deepgram.ScriptedDeepgramServer.Refusal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** How each way an upgrade can go wrong reaches the session, and what operators read in the log. */
class DeepgramHandshakeIT {

    private final RecordingListener listener = new RecordingListener();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger adapterLog = (Logger) LoggerFactory.getLogger(DeepgramRecognizerAdapter.class);
    private ScriptedDeepgramServer server;
    private DeepgramRecognizerAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        log.start();
        adapterLog.addAppender(log);
        server = new ScriptedDeepgramServer();
    }

    @AfterEach
    void stop() throws Exception {
        adapterLog.detachAppender(log);
        if (adapter != null) {
            adapter.close();
        }
        server.close();
        assertThat(listener.calls()).as("a stream that never opened reports nothing").isZero();
    }

    private RecognizerException openFails(TestSettings settings) {
        adapter = DeepgramRecognizerAdapter.start(settings.build());
        CompletableFuture<RecognizerStream> opened = adapter.openStream(request(true, "en"), listener);
        return failureOf(opened);
    }

    /** The open's failure; an assertion error if it opened or did neither within the bound. */
    private static RecognizerException failureOf(CompletableFuture<RecognizerStream> opened) {
        try {
            opened.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the stream opened");
        } catch (TimeoutException e) {
            throw new AssertionError("the open neither failed nor succeeded within " + WAIT, e);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RecognizerException.class);
            return (RecognizerException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String everythingPrinted(Throwable failure) {
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed));
        return failure + "\n" + failure.getMessage() + "\n" + printed;
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 402, 403})
    void clientErrorRefusals_areProviderRejected_notRetryable_andNeverCarryTheKey(int status) {
        server.refuseWith(new Refusal(status, "Invalid credentials. " + TestSettings.API_KEY, "req-" + status,
                "{\"err_code\":\"INVALID_AUTH\",\"err_msg\":\"Invalid credentials.\",\"request_id\":\"req-" + status + "\"}"));

        RecognizerException failure = openFails(TestSettings.forServer(server.baseUrl()));

        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
        assertThat(failure.clientError().message()).contains("HTTP " + status);
        assertThat(failure.clientError().toString()).doesNotContain(TestSettings.API_KEY);
        assertThat(everythingPrinted(failure)).doesNotContain(TestSettings.API_KEY);
    }

    @Test
    void unauthorized_tellsTheClientTheCredentialsWereRefused() {
        server.refuseWith(new Refusal(401, "Invalid credentials.", "req-401", "{}"));

        RecognizerException failure = openFails(TestSettings.forServer(server.baseUrl()));

        assertThat(failure.clientError().message()).isEqualTo("the speech provider refused the credentials (HTTP 401)");
    }

    @Test
    void refusal_isLoggedForOperators_withStatusDgErrorAndRequestId_butNotTheKey() {
        server.refuseWith(new Refusal(403, "Project does not have access to the requested model. "
                + TestSettings.API_KEY, "0caee309-30e3", "{}"));

        openFails(TestSettings.forServer(server.baseUrl()));

        List<String> warnings = log.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).anySatisfy(line -> assertThat(line)
                .contains("session-0001", "403", "Project does not have access to the requested model.",
                        "0caee309-30e3")
                .doesNotContain(TestSettings.API_KEY));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503})
    void capacityAndServiceRefusals_areRetryable_withTheRetryHint(int status) {
        server.refuseWith(new Refusal(status, "Too many requests", "req-" + status, "{}"));

        RecognizerException failure = openFails(TestSettings.forServer(server.baseUrl()));

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(failure.clientError().retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(everythingPrinted(failure)).doesNotContain(TestSettings.API_KEY);
    }

    @Test
    void connectionRefused_isRetryable() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        URI nobody = URI.create("ws://127.0.0.1:" + closedPort);

        RecognizerException failure = openFails(TestSettings.forServer(nobody));

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(everythingPrinted(failure)).doesNotContain(TestSettings.API_KEY);
    }

    @Test
    void slowHandshake_failsRetryablyAfterTheHandshakeTimeout_withoutBlockingTheCaller() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept, then never answer the upgrade
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            URI mute = URI.create("ws://127.0.0.1:" + silent.getLocalPort());
            adapter = DeepgramRecognizerAdapter.start(TestSettings.forServer(mute)
                    .handshakeTimeout(Duration.ofMillis(400)).build());

            CompletableFuture<RecognizerStream> opened = adapter.openStream(request(true, "en"), listener);

            assertThat(opened).as("openStream returns before the handshake is over").isNotDone();
            RecognizerException failure = failureOf(opened);
            assertThat(failure.isRetryable()).isTrue();
            assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_TIMEOUT);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
