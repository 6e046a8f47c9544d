package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.infrastructure.client.ScriptedStreamServer.Peer;
import dev.hark.infrastructure.client.ScriptedStreamServer.Received;
import dev.hark.infrastructure.client.StreamEvent.ServerError;
import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import dev.hark.infrastructure.client.StreamEvent.Transcript;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HarkStreamClientIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ClientSettings FAST_FAILING = new ClientSettings(WAIT, Duration.ofSeconds(2), WAIT,
            Duration.ofSeconds(2), WAIT);

    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private ScriptedStreamServer server;
    private HarkStreamClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sendsTwentyMillisecondFramesThenCloseStreamLast_whenStreamingUnpaced() throws Exception {
        start(new ScriptedStreamServer.Script() { }, ClientSettings.defaults());
        WavAudio audio = audio(16_000, 1, 10_000);

        SessionClosed closed = client.stream(audio, FramePacer.unpaced()).get(10, TimeUnit.SECONDS);

        assertThat(closed.reason()).isEqualTo("client_closed");
        List<Received> received = server.received();
        assertThat(received.getLast().text()).isEqualTo(StreamMessages.CLOSE_STREAM);
        List<Integer> sizes = received.stream().filter(Received::isBinary).map(Received::binaryBytes).toList();
        assertThat(sizes).hasSize(16).allMatch(size -> size <= 640);
        assertThat(sizes.subList(0, 15)).containsOnly(640);
        assertThat(sizes.getLast()).isEqualTo(10_000 - 15 * 640);
        assertThat(received.stream().filter(r -> !r.isBinary())).hasSize(1);
    }

    @Test
    void describesAudioInQuery_whenConnecting() throws Exception {
        start(new ScriptedStreamServer.Script() { }, ClientSettings.defaults(), 8_000, 2, true);

        client.connect().get(10, TimeUnit.SECONDS);

        assertThat(server.queries()).containsExactly(
                "encoding=linear16&sample_rate=8000&channels=2&interim_results=true&language=en");
    }

    @Test
    void deliversFinalsInOrderThenClosed_whenServerFlushesOnCloseStream() throws Exception {
        start(new ScriptedStreamServer.Script() {
            @Override
            public void onText(Peer peer, String text) {
                peer.send(transcript(1, false, "the wea"));
                peer.send(transcript(2, true, "the weather is nice"));
                peer.send(transcript(3, true, "today"));
                ScriptedStreamServer.Script.super.onText(peer, text);
            }
        }, ClientSettings.defaults());

        client.stream(audio(16_000, 1, 3_200), FramePacer.unpaced()).get(10, TimeUnit.SECONDS);

        assertThat(events).first().isInstanceOf(SessionStarted.class);
        assertThat(events).last().isEqualTo(new SessionClosed("client_closed"));
        assertThat(events.stream().filter(e -> e instanceof Transcript t && t.isFinal()).map(e -> ((Transcript) e).text()))
                .containsExactly("the weather is nice", "today");
        assertThat(events).filteredOn(e -> e instanceof Transcript t && !t.isFinal()).hasSize(1);
    }

    @Test
    void failsWithServerCode_whenServerSendsError() throws Exception {
        start(new ScriptedStreamServer.Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (frameIndex == 2) {
                    peer.send("{\"type\":\"error\",\"code\":\"engine_unavailable\",\"message\":\"busy\","
                            + "\"retry_after_ms\":1500}");
                }
            }
        }, ClientSettings.defaults());

        CompletableFuture<SessionClosed> outcome = client.stream(audio(16_000, 1, 64_000), FramePacer.unpaced());

        assertThat(failureOf(outcome)).isInstanceOf(HarkStreamException.class)
                .hasMessage("server error engine_unavailable: busy")
                .extracting(e -> ((HarkStreamException) e).code()).isEqualTo("engine_unavailable");
        assertThat(events).contains(new ServerError("engine_unavailable", "busy", Duration.ofMillis(1500)));
    }

    @Test
    void opensOneSocket_whenConnectIsCalledTwiceAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(new ScriptedStreamServer.Script() {
            @Override
            public void onOpen(Peer peer) {
                Thread.ofVirtual().start(() -> {
                    awaitQuietly(release);
                    ScriptedStreamServer.Script.super.onOpen(peer);
                });
            }
        }, ClientSettings.defaults());

        CompletableFuture<SessionStarted> first = client.connect();
        CompletableFuture<SessionStarted> second = client.connect();
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(second.get(10, TimeUnit.SECONDS));
        assertThat(client.connect().get(10, TimeUnit.SECONDS).sessionId()).isEqualTo("s-1");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void opensOneSocket_whenEightThreadsRaceConnect() throws Exception {
        start(new ScriptedStreamServer.Script() { }, ClientSettings.defaults());
        CountDownLatch gate = new CountDownLatch(1);
        List<CompletableFuture<SessionStarted>> futures = new CopyOnWriteArrayList<>();
        List<Thread> racers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(gate);
                futures.add(client.connect());
            }));
        }
        gate.countDown();
        for (Thread racer : racers) {
            racer.join(WAIT.toMillis());
        }

        assertThat(futures).hasSize(8);
        for (CompletableFuture<SessionStarted> future : futures) {
            assertThat(future.get(10, TimeUnit.SECONDS).sessionId()).isEqualTo("s-1");
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void keepsSharedConnect_whenOneCallerCancels() throws Exception {
        start(new ScriptedStreamServer.Script() { }, ClientSettings.defaults());

        client.connect().cancel(true);

        assertThat(client.connect().get(10, TimeUnit.SECONDS).sessionId()).isEqualTo("s-1");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void failsWithTimeout_whenServerNeverStartsSession() throws Exception {
        start(new ScriptedStreamServer.Script() {
            @Override
            public void onOpen(Peer peer) {
            }
        }, FAST_FAILING);

        assertThat(failureOf(client.connect())).isInstanceOf(HarkStreamException.class)
                .hasMessageContaining("timed out after 2s waiting for session.started");
    }

    @Test
    void failsWithTimeout_whenServerNeverClosesAfterCloseStream() throws Exception {
        start(new ScriptedStreamServer.Script() {
            @Override
            public void onText(Peer peer, String text) {
            }
        }, FAST_FAILING);

        assertThat(failureOf(client.stream(audio(16_000, 1, 640), FramePacer.unpaced())))
                .hasMessageContaining("timed out after 2s waiting for the server to close the stream");
    }

    @Test
    void endsInOrder_whenTheConnectionDropsAfterSessionClosed_evenWhileAudioIsStillGoing_H29() throws Exception {
        start(new ScriptedStreamServer.Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (frameIndex == 3) { // a draining server closed the session while the client streams
                    peer.send(transcript(1, true, "the weather is nice"));
                    peer.send("{\"type\":\"session.closed\",\"reason\":\"server_draining\"}");
                    peer.disconnect();
                }
            }
        }, ClientSettings.defaults());

        client.stream(audio(16_000, 1, 64_000), FramePacer.unpaced()).get(10, TimeUnit.SECONDS);

        assertThat(events).last().isEqualTo(new SessionClosed("server_draining"));
        assertThat(server.connections()).as("no resume of a session the server closed").isEqualTo(1);
    }

    @Test
    void failsAbnormally_whenServerClosesWithoutSessionClosed() throws Exception {
        start(new ScriptedStreamServer.Script() {
            @Override
            public void onText(Peer peer, String text) {
                peer.closeNormally();
            }
        }, ClientSettings.defaults());

        assertThat(failureOf(client.stream(audio(16_000, 1, 640), FramePacer.unpaced())))
                .hasMessageContaining("before session.closed");
    }

    @Test
    void failsToConnect_whenNothingListens() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        URI nowhere = URI.create("ws://127.0.0.1:" + freePort + "/v1/stream");
        client = HarkStreamClient.start(new StreamTarget(nowhere, 16_000, 1, false, "en"),
                ClientSettings.defaults(), events::add);

        assertThat(failureOf(client.connect())).isInstanceOf(HarkStreamException.class)
                .hasMessageStartingWith("cannot connect to " + nowhere + ": ")
                .hasMessageContaining("refused");
    }

    @Test
    void rejectsAudio_whenFormatDiffersFromTarget() throws Exception {
        start(new ScriptedStreamServer.Script() { }, ClientSettings.defaults());

        assertThatThrownBy(() -> client.stream(audio(8_000, 1, 640), FramePacer.unpaced()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.connections()).isZero();
    }

    private void start(ScriptedStreamServer.Script script, ClientSettings settings) throws Exception {
        start(script, settings, 16_000, 1, false);
    }

    private void start(ScriptedStreamServer.Script script, ClientSettings settings, int rate, int channels,
                       boolean interim) throws Exception {
        server = new ScriptedStreamServer(script);
        client = HarkStreamClient.start(new StreamTarget(server.endpoint(), rate, channels, interim, "en"),
                settings, ResumePolicy.withSleeper(duration -> { }), events::add);
    }

    private static WavAudio audio(int rate, int channels, int bytes) {
        return new WavAudio(rate, channels, new byte[bytes]);
    }

    private static String transcript(int seq, boolean isFinal, String text) {
        return "{\"type\":\"transcript\",\"seq\":" + seq + ",\"is_final\":" + isFinal + ",\"text\":\"" + text
                + "\",\"start\":0.0,\"end\":1.0,\"words\":[]}";
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        Function<Throwable, Throwable> unwrap = t -> t instanceof ExecutionException e ? e.getCause() : t;
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return unwrap.apply(e);
        }
        throw new AssertionError("expected failure, got success");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
