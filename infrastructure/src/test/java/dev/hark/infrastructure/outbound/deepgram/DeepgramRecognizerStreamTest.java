package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

/**
 * The stream's state machine without a network: a mocked Jetty session (the adapter's seam) and
 * a manual scheduler, so every interleaving is chosen by the test.
 */
class DeepgramRecognizerStreamTest {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);

    private final RecordingListener listener = new RecordingListener();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Session session = mock(Session.class);
    private final DeepgramRecognizerStream stream = new DeepgramRecognizerStream(new SessionId("session-0001"),
            listener, new SampleClock(16_000), new ProviderFailures(Duration.ofSeconds(2)), scheduler,
            Duration.ofSeconds(5), 64_000);

    DeepgramRecognizerStreamTest() {
        when(session.isOpen()).thenReturn(true);
    }

    @Test
    void completesTheOpen_beforeAnyEvent() {
        stream.onOpen(session);

        assertThat(stream.opened()).isCompletedWithValue(stream);
        assertThat(stream.isOpen()).isTrue();
    }

    @Test
    void errorWhileConnecting_isLeftToTheHandshake_soTheListenerHearsNothing() {
        stream.onError(new IOException("upgrade failed"));

        assertThat(stream.opened()).isNotDone();
        stream.openFailed(new ProviderFailures(Duration.ZERO).handshakeRefused(401, null));
        assertThat(stream.opened()).isCompletedExceptionally();
        assertThat(listener.calls()).isZero();
    }

    @Test
    void connectionOpeningAfterTheAdapterGaveUp_isClosed_andReportsNothing() {
        stream.openFailed(new ProviderFailures(Duration.ZERO).handshakeTimedOut());

        stream.onOpen(session);
        stream.onText(DeepgramJson.results(0, 1, true, false, "late"));

        verify(session).close(eq(1000), anyString(), any(Callback.class));
        assertThat(stream.isOpen()).isFalse();
        assertThat(listener.calls()).isZero();
    }

    @Test
    void callerThatStoppedWaiting_getsTheConnectionClosedWhenItOpens() {
        CompletableFuture<RecognizerStream> opened = stream.opened();
        opened.cancel(false);

        stream.onOpen(session);

        verify(session).close(eq(1000), anyString(), any(Callback.class));
        assertThat(stream.isOpen()).isFalse();
    }

    @Test
    void closeTimeoutFirst_thenTheServersClose_reportOnlyTheFailure() {
        stream.onOpen(session);
        stream.closeGracefully();

        scheduler.runDue();
        stream.onServerClose(1000, "");

        assertThat(listener.events).singleElement().isInstanceOf(RecognizerException.class);
        verify(session).disconnect();
    }

    @Test
    void serversCloseFirst_cancelsTheCloseTimer_andReportsOnlyTheClose() {
        stream.onOpen(session);
        stream.closeGracefully();

        stream.onServerClose(1000, "");
        assertThat(scheduler.tasks).singleElement().satisfies(task -> {
            assertThat(task.delayMillis).isEqualTo(5_000);
            assertThat(task.cancelled).isTrue();
        });
        scheduler.runDue();

        assertThat(listener.events).containsExactly(RecordingListener.CLOSED);
    }

    @Test
    void closeGracefully_sendsCloseStreamOnce() {
        stream.onOpen(session);

        stream.closeGracefully();
        stream.closeGracefully();

        verify(session).sendText(eq("{\"type\":\"CloseStream\"}"), any(Callback.class));
        assertThat(scheduler.tasks).hasSize(1);
    }

    @Test
    void closeGracefully_duringShutdown_failsRetryablyInsteadOfThrowing() {
        stream.onOpen(session);
        scheduler.rejecting = true;

        stream.closeGracefully();

        assertThat(listener.failures()).singleElement().returns(true, RecognizerException::isRetryable);
        verify(session, never()).sendText(anyString(), any(Callback.class));
    }

    @Test
    void failedWrite_failsTheStreamRetryably_andDropsTheConnection() {
        doAnswer(call -> {
            call.<Callback>getArgument(1).fail(new IOException("broken pipe"));
            return null;
        }).when(session).sendBinary(any(ByteBuffer.class), any(Callback.class));
        stream.onOpen(session);

        stream.sendAudio(new PcmChunk(0, new byte[3200], FORMAT));

        assertThat(listener.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.isRetryable()).isTrue();
            assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        });
        assertThat(stream.isOpen()).isFalse();
        verify(session).disconnect();
    }

    @Test
    void writesThatNeverComplete_failTheStream_atTheQueueBound() {
        stream.onOpen(session); // the mocked session never completes a write

        for (int i = 0; i < 20; i++) {
            stream.sendAudio(new PcmChunk(i * 1_600L, new byte[3_200], FORMAT));
        }

        verify(session, org.mockito.Mockito.times(20)).sendBinary(any(ByteBuffer.class), any(Callback.class));
        assertThat(listener.events).isEmpty();
        stream.sendAudio(new PcmChunk(32_000, new byte[3_200], FORMAT));
        assertThat(listener.failures()).singleElement().returns(true, RecognizerException::isRetryable);
    }

    @Test
    void completedWrites_freeTheQueue() {
        doAnswer(call -> {
            call.<Callback>getArgument(1).succeed();
            return null;
        }).when(session).sendBinary(any(ByteBuffer.class), any(Callback.class));
        stream.onOpen(session);

        for (int i = 0; i < 100; i++) {
            stream.sendAudio(new PcmChunk(i * 1_600L, new byte[3_200], FORMAT));
        }

        assertThat(listener.events).isEmpty();
        assertThat(stream.isOpen()).isTrue();
    }

    @Test
    void abort_neverReportsAndClosesTheConnectionOnce() {
        stream.onOpen(session);

        stream.abort();
        stream.abort();
        stream.onServerClose(1011, "NET-0000");

        verify(session).close(eq(1000), anyString(), any(Callback.class));
        verify(session, never()).disconnect();
        assertThat(listener.calls()).isZero();
    }

    @Test
    void aListenerThatThrows_doesNotBreakTheStream() {
        RecordingListener throwing = new RecordingListener() {
            @Override
            public void onProgress(long processedSamples) {
                throw new IllegalStateException("listener bug");
            }
        };
        DeepgramRecognizerStream fragile = new DeepgramRecognizerStream(new SessionId("session-0002"), throwing,
                new SampleClock(16_000), new ProviderFailures(Duration.ZERO), scheduler, Duration.ofSeconds(1), 64_000);
        fragile.onOpen(session);

        fragile.onText(DeepgramJson.results(0, 1, true, false, "one"));
        fragile.onText(DeepgramJson.results(1, 1, true, false, "two"));

        assertThat(throwing.hypotheses()).hasSize(2);
        assertThat(fragile.isOpen()).isTrue();
    }

    @Test
    void serverCloseCodes_reachTheListenerTyped() {
        stream.onOpen(session);

        stream.onServerClose(1008, "DATA-0000");

        assertThat(listener.failures()).singleElement()
                .extracting(failure -> failure.clientError().code()).isEqualTo(ErrorCode.AUDIO_NOT_DECODABLE);
        verify(session, never()).sendText(anyString(), any(Callback.class));
        verify(session, never()).close(anyInt(), anyString(), any(Callback.class));
    }
}
