package dev.hark.bench.load;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Runs a {@link LoadPlan} against one server: connects every session (a bounded number of
 * upgrades at a time), waits for each {@code session.started}, paces all sends from the calling
 * thread ({@link PacingLoop}), then waits for every session to close and counts what was lost.
 * The same generator drives Hark and the raw relay, so their numbers compare.
 */
public final class LoadGenerator implements AutoCloseable {

    /** Upgrades in flight at once: enough to open 1000 sessions in a few seconds, few enough not to trip limits. */
    private static final int CONNECTS_IN_FLIGHT = 32;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final WebSocketClient client;

    public LoadGenerator() {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setMaxConnectionsPerDestination(CONNECTS_IN_FLIGHT * 2);
        client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ofMinutes(10));
        client.setMaxTextMessageSize(1024 * 1024);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the WebSocket client", e);
        }
    }

    /** Callbacks around the sending window, where the caller samples server CPU and heap. */
    public interface Window {
        Window NONE = new Window() {
        };

        default void sendingStarts() {
        }

        default void sendingEnds() {
        }
    }

    public LoadResult run(LoadPlan plan, Window window) throws InterruptedException {
        LoadStats stats = new LoadStats();
        // only sessions that started before sending begins are driven, so none misses early frames
        List<BenchSocket> sockets = connect(plan.streamUri(), plan.sessions(), plan.framesPerSession(), plan.audio(),
                stats).stream().filter(BenchSocket::isLive).toList();
        int started = sockets.size();

        window.sendingStarts();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        new PacingLoop(sockets, plan.audio(), plan.framesPerSession(), plan.frameNanos(), stats).run(start);
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        window.sendingEnds();

        awaitClosed(sockets, plan.drainTimeout(), stats);
        return summarize(plan, sockets, started, sendSeconds, stats);
    }

    /**
     * Opens {@code count} sessions on {@code target} that send nothing and waits for each to
     * start; for measuring what an idle session costs the server. Close them with
     * {@link IdleSessions#close()}.
     */
    public IdleSessions openIdle(URI target, int count, Duration drainTimeout) throws InterruptedException {
        LoadStats stats = new LoadStats();
        AudioLoop silence = AudioLoop.silence(20);
        URI uri = URI.create(target + "?" + silence.query());
        return new IdleSessions(connect(uri, count, 1, silence, stats), stats, drainTimeout);
    }

    /** Sessions held open without audio. */
    public final class IdleSessions implements AutoCloseable {
        private final List<BenchSocket> sockets;
        private final LoadStats stats;
        private final Duration drainTimeout;

        private IdleSessions(List<BenchSocket> sockets, LoadStats stats, Duration drainTimeout) {
            this.sockets = sockets;
            this.stats = stats;
            this.drainTimeout = drainTimeout;
        }

        public int started() {
            return (int) sockets.stream().filter(BenchSocket::isLive).count();
        }

        public Map<String, Long> errors() {
            return stats.errors();
        }

        /** Ends every session in order ({@code close_stream}) and waits for the server to close them. */
        @Override
        public void close() throws InterruptedException {
            sockets.stream().filter(BenchSocket::isLive).forEach(BenchSocket::closeStream);
            awaitClosed(sockets, drainTimeout, stats);
        }
    }

    private List<BenchSocket> connect(URI uri, int count, int frames, AudioLoop audio, LoadStats stats)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<BenchSocket> sockets = new ArrayList<>(count);
        List<CompletableFuture<Void>> starts = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            BenchSocket socket = new BenchSocket(new FrameTrack(frames, audio.samplesPerFrame()),
                    audio.sampleRate(), stats);
            sockets.add(socket);
            // upgrades that never start would hold their permits for ever: count it and go on without one
            boolean permit = inFlight.tryAcquire(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!permit) {
                stats.error("upgrades stalled");
            }
            CompletableFuture<Void> started = socket.started();
            starts.add(started);
            if (permit) {
                started.whenComplete((ok, failure) -> inFlight.release());
            }
            try {
                client.connect(socket, uri).whenComplete((session, failure) -> {
                    if (failure != null) {
                        stats.error("connect failed " + failure.getClass().getSimpleName());
                        started.completeExceptionally(failure);
                    }
                });
            } catch (IOException e) {
                stats.error("connect failed " + e.getClass().getSimpleName());
                started.completeExceptionally(e);
            }
        }
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        for (CompletableFuture<Void> started : starts) {
            try {
                started.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // refused or failed: counted where it happened, and simply not driven
            } catch (TimeoutException e) {
                stats.error("session not started in time");
            }
        }
        return sockets;
    }

    private static void awaitClosed(List<BenchSocket> sockets, Duration timeout, LoadStats stats)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (BenchSocket socket : sockets) {
            if (!socket.started().isDone() || socket.started().isCompletedExceptionally()) {
                continue;
            }
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                int code = socket.closed().get(left, TimeUnit.NANOSECONDS);
                if (code != 1000) {
                    stats.error("closed with " + code);
                } else if (!socket.sawSessionClosed()) {
                    stats.error("closed without session.closed");
                }
            } catch (TimeoutException e) {
                stats.error("not closed in time");
                socket.abandon();
            } catch (ExecutionException e) {
                stats.error("close failed");
            }
        }
    }

    private static LoadResult summarize(LoadPlan plan, List<BenchSocket> sockets, int started, double sendSeconds,
                                        LoadStats stats) {
        long sent = 0;
        long acked = 0;
        long lost = 0;
        long duplicates = 0;
        long misaligned = 0;
        long unknown = 0;
        for (BenchSocket socket : sockets) {
            FrameTrack track = socket.track();
            sent += track.sent();
            acked += track.acknowledged();
            lost += track.lost();
            duplicates += track.duplicates();
            misaligned += track.misaligned();
            unknown += track.unknown();
        }
        return new LoadResult(plan.sessions(), started, sent, acked, lost, duplicates, misaligned, unknown,
                sendSeconds, stats.latency(), stats.lateness(), stats.errors(), stats.finalLatency());
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping a client at the end of a run: nothing left to save
        }
    }
}
