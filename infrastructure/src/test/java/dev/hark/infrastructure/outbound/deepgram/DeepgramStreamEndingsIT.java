package dev.hark.infrastructure.outbound.deepgram;

import static dev.hark.infrastructure.outbound.deepgram.DeepgramJson.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.infrastructure.outbound.deepgram.ScriptedDeepgramServer.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a Deepgram stream ends, against a scripted Deepgram on loopback: the one good ending
 * (CloseStream, the last finals, close 1000) and each failure, retryable or not, with exactly one
 * terminal callback and nothing after it.
 */
class DeepgramStreamEndingsIT {

    private static final AudioFormat FORMAT = DeepgramRecognizerAdapterIT.FORMAT;
    private static final Duration WAIT = DeepgramRecognizerAdapterIT.WAIT;

    private ScriptedDeepgramServer server;
    private DeepgramRecognizerAdapter adapter;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void startServer() throws Exception {
        server = new ScriptedDeepgramServer();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (adapter != null) {
            adapter.close();
        }
        server.close();
        assertThat(listener.overlaps).as("overlapping listener calls").hasValue(0);
        assertThat(listener.afterTerminal).as("listener calls after the terminal one").hasValue(0);
    }

    private RecognizerStream open(TestSettings settings) throws Exception {
        adapter = DeepgramRecognizerAdapter.start(settings.build());
        return ScriptedDeepgramServer.await(adapter.openStream(DeepgramRecognizerAdapterIT.request(true, "en"), listener));
    }

    private static PcmChunk chunk(long start, int bytes) {
        return new PcmChunk(start, new byte[bytes], FORMAT);
    }

    // ---- closing ------------------------------------------------------------------------------

    @Test
    void closeStream_keepsDeliveringFinals_thenClosesOnceOnNormalClose() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();
        stream.sendAudio(chunk(0, 3200));

        stream.closeGracefully();
        stream.sendAudio(chunk(1600, 3200));
        stream.closeGracefully();

        assertThat(stream.isOpen()).isFalse();
        assertThat(connection.nextFrame().bytes()).hasSize(3200);
        assertThat(connection.nextFrame().text()).isEqualTo("{\"type\":\"CloseStream\"}");
        connection.send(results(0.0, 0.1, true, false, "last words"));
        connection.send(DeepgramJson.metadata(0.1));
        connection.close(1000, "");

        await().atMost(WAIT).until(() -> listener.closedCount() == 1);
        assertThat(listener.events).extracting(event -> event instanceof Hypothesis h ? h.text() : event)
                .containsExactly("last words", RecordingListener.CLOSED);
        assertThat(connection.pendingFrames()).as("nothing after CloseStream, not even the late audio").isEmpty();
    }

    @Test
    void closeTimeout_failsRetryably_andDropsTheConnection() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()).closeTimeout(Duration.ofMillis(300)));
        Connection connection = server.nextConnection();

        stream.closeGracefully();
        assertThat(connection.nextText()).isEqualTo("{\"type\":\"CloseStream\"}");

        await().atMost(WAIT).until(() -> !listener.failures().isEmpty());
        RecognizerException failure = listener.failures().getFirst();
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(failure.clientError().retryAfter()).isEqualTo(Duration.ofMillis(1500));
        connection.awaitClosed();
        assertThat(listener.closedCount()).isZero();
    }

    @Test
    void serverErrorClose_whileClosing_failsRetryably() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        stream.closeGracefully();
        connection.nextText();
        connection.close(1011, "NET-0000");

        await().atMost(WAIT).until(() -> !listener.events.isEmpty());
        assertThat(listener.failures()).singleElement().returns(true, RecognizerException::isRetryable);
    }

    @Test
    void net0001Close_failsRetryably() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        connection.send(DeepgramJson.metadata(0.0));
        connection.close(1011, "NET-0001: Deepgram did not receive audio data or a text message within the timeout");

        await().atMost(WAIT).until(() -> !listener.events.isEmpty());
        RecognizerException failure = listener.failures().getFirst();
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(stream.isOpen()).isFalse();
    }

    @Test
    void undecodableAudioClose_failsWithAudioNotDecodable_notRetryable() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();
        stream.sendAudio(chunk(0, 3200));
        connection.nextFrame();

        connection.close(1008, "DATA-0000: The payload cannot be decoded as audio");

        await().atMost(WAIT).until(() -> !listener.events.isEmpty());
        RecognizerException failure = listener.failures().getFirst();
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.AUDIO_NOT_DECODABLE);
        assertThat(failure.clientError().message())
                .isEqualTo("the speech provider could not decode the audio; check encoding and sample_rate");
    }

    @Test
    void normalClose_withoutCloseStream_isAnUnexpectedEnd_retryable() throws Exception {
        open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        connection.close(1000, "");

        await().atMost(WAIT).until(() -> !listener.events.isEmpty());
        assertThat(listener.failures()).singleElement().returns(true, RecognizerException::isRetryable);
        assertThat(listener.closedCount()).isZero();
    }

    @Test
    void droppedConnection_failsRetryably_once() throws Exception {
        open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        connection.disconnect();

        await().atMost(WAIT).until(() -> !listener.events.isEmpty());
        assertThat(listener.failures()).singleElement().returns(true, RecognizerException::isRetryable);
        await().atMost(WAIT).until(() -> adapter.openConnections() == 0);
        assertThat(listener.events).hasSize(1);
    }

    @Test
    void abort_closesTheConnection_andSilencesEverythingAfter() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        stream.abort();
        connection.trySend(results(0.0, 1.0, true, false, "too late"));
        connection.trySend(DeepgramJson.speechStarted(0.1));
        connection.close(1011, "NET-0000");

        connection.awaitClosed();
        await().atMost(WAIT).until(() -> adapter.openConnections() == 0);
        assertThat(listener.calls()).isZero();
        assertThat(stream.isOpen()).isFalse();
        stream.abort();
        stream.closeGracefully();
        assertThat(listener.calls()).isZero();
    }

    // ---- back-pressure ------------------------------------------------------------------------

    @Test
    void failsRetryably_whenUnsentAudioPilesUp() throws Exception {
        server.stallReads();
        adapter = DeepgramRecognizerAdapter.start(TestSettings.forServer(server.baseUrl()).build(), Duration.ofSeconds(1));
        RecognizerStream stream = ScriptedDeepgramServer.await(adapter.openStream(DeepgramRecognizerAdapterIT.request(true, "en"), listener));

        long start = 0;
        for (int i = 0; i < 2_000 && listener.events.isEmpty(); i++) { // at most 64 MB, far past any socket buffer
            stream.sendAudio(chunk(start, 32_000));
            start += 16_000;
        }

        await().atMost(WAIT).until(() -> !listener.events.isEmpty());
        RecognizerException failure = listener.failures().getFirst();
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(stream.isOpen()).isFalse();
    }
}
