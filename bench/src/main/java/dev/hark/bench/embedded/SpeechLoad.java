package dev.hark.bench.embedded;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Streams speech to Hark: N sessions at real time in 20 ms frames, all sends from one pacing
 * thread (session {@code k} sends frame {@code i} at {@code start + k * 20 ms / N + i * 20 ms},
 * then {@code close_stream} right after its last frame), or one session at a time as fast as
 * the connection takes it.
 */
final class SpeechLoad implements AutoCloseable {

    static final int FRAME_BYTES = 640; // 20 ms
    private static final long FRAME_NANOS = 20_000_000L;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final WebSocketClient client = new WebSocketClient();

    SpeechLoad() throws Exception {
        client.setIdleTimeout(Duration.ofMinutes(10));
        client.setMaxTextMessageSize(1024 * 1024);
        client.start();
    }

    /** Sessions of one run, and how late the pacing thread sent (its own lag), p99 in seconds. */
    record Run(List<SessionResult> sessions, double pacingLateP99) {
    }

    /**
     * Opens one session per entry of {@code audio} at once, streams each at real time to those
     * the server admitted, and waits up to {@code drain} after the last audio for them to close.
     */
    Run realTime(URI stream, List<SpeechCorpus.SessionAudio> audio, Duration drain) throws Exception {
        long connectNanos = System.nanoTime();
        List<SpeechSocket> sockets = new ArrayList<>();
        for (int i = 0; i < audio.size(); i++) {
            SpeechSocket socket = new SpeechSocket();
            sockets.add(socket);
            client.connect(socket, uri(stream));
        }
        for (SpeechSocket socket : sockets) {
            awaitQuietly(socket.started(), ANSWER_TIMEOUT);
        }
        List<Long> lateness = new ArrayList<>();
        pace(sockets, audio, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50), lateness);
        List<SessionResult> results = new ArrayList<>();
        for (SpeechSocket socket : sockets) {
            if (!awaitQuietly(socket.closed(), drain)) {
                socket.abandon();
            }
            results.add(socket.result(connectNanos));
        }
        lateness.sort(null);
        double lateP99 = lateness.isEmpty() ? 0 : lateness.get((int) (0.99 * (lateness.size() - 1))) / 1e9;
        return new Run(results, lateP99);
    }

    /** One session for {@code pcm}, sent as fast as the connection takes it; waits for the server to close it. */
    SessionResult fast(URI stream, byte[] pcm, Duration drain) throws Exception {
        long connectNanos = System.nanoTime();
        SpeechSocket socket = new SpeechSocket();
        client.connect(socket, uri(stream));
        if (awaitQuietly(socket.started(), ANSWER_TIMEOUT) && socket.isLive()) {
            for (int offset = 0; offset < pcm.length; offset += FRAME_BYTES) {
                socket.send(ByteBuffer.wrap(pcm, offset, Math.min(FRAME_BYTES, pcm.length - offset)).slice());
            }
            socket.closeStream();
        }
        if (!awaitQuietly(socket.closed(), drain)) {
            socket.abandon();
        }
        return socket.result(connectNanos);
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    private static void pace(List<SpeechSocket> sockets, List<SpeechCorpus.SessionAudio> audio, long start,
                             List<Long> lateness) {
        int count = sockets.size();
        int longest = audio.stream().mapToInt(a -> frames(a.pcm())).max().orElse(0);
        for (int step = 0; step <= longest; step++) {
            for (int k = 0; k < count; k++) {
                byte[] pcm = audio.get(k).pcm();
                int frames = frames(pcm);
                SpeechSocket socket = sockets.get(k);
                if (step > frames || !socket.isLive()) {
                    continue;
                }
                long due = start + k * FRAME_NANOS / count + step * FRAME_NANOS;
                lateness.add(awaitDeadline(due) - due);
                if (step < frames) {
                    int offset = step * FRAME_BYTES;
                    socket.send(ByteBuffer.wrap(pcm, offset, Math.min(FRAME_BYTES, pcm.length - offset)).slice());
                } else {
                    socket.closeStream();
                }
            }
        }
    }

    private static int frames(byte[] pcm) {
        return (pcm.length + FRAME_BYTES - 1) / FRAME_BYTES;
    }

    private static long awaitDeadline(long due) {
        long now = System.nanoTime();
        while (now - due < 0) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
        return now;
    }

    private static URI uri(URI stream) {
        return URI.create(stream + "?encoding=linear16&sample_rate=16000&channels=1&interim_results=true");
    }

    /** Waits for {@code future} within {@code timeout}; false on timeout, true when it completed either way. */
    private static boolean awaitQuietly(CompletableFuture<?> future, Duration timeout) throws InterruptedException {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
