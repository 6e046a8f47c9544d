import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Heap of an active session with a full resume outbox (issue 13), against a running Hark with
 * {@code provider: echo}: opens N sessions, takes {@code jcmd PID GC.class_histogram} (a full GC,
 * then live bytes by class), has every session send F frames (each answered by one final that
 * stays in the outbox: F >= sessions.outboxCapacity fills it), waits for every final, takes the
 * histogram again and prints the growth per session, largest classes first. Before the first
 * histogram the same N sessions are opened, filled and closed once, so every class involved is
 * loaded and compiled.
 *
 * <pre>java -cp bench/target/hark-bench.jar bench/scripts/OutboxHeap.java ws://127.0.0.1:PORT/v1/stream PID 200 1100</pre>
 */
public class OutboxHeap {

    static final String QUERY = "?encoding=linear16&sample_rate=16000&channels=1&interim_results=false";

    public static final class Socket implements Session.Listener.AutoDemanding {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger finals = new AtomicInteger();
        volatile Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.contains("\"session.started\"")) {
                started.countDown();
            } else if (text.contains("\"transcript\"")) {
                finals.incrementAndGet();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0] + QUERY);
        long pid = Long.parseLong(args[1]);
        int sessions = Integer.parseInt(args[2]);
        int frames = Integer.parseInt(args[3]);
        WebSocketClient client = new WebSocketClient();
        client.setIdleTimeout(Duration.ofMinutes(10));
        client.start();
        try {
            close(fill(client, uri, sessions, frames)); // loads and compiles everything involved
            Thread.sleep(3000); // the closed sessions end
            Map<String, Long> none = histogram(pid);
            List<Socket> open = open(client, uri, sessions);
            Map<String, Long> idle = histogram(pid);
            send(open, frames);
            Map<String, Long> full = histogram(pid);
            report("idle session (vs no session)", none, idle, sessions);
            report("outbox of " + frames + " echo finals (full vs idle session)", idle, full, sessions);
            report("active session, outbox full (vs no session)", none, full, sessions);
            close(open);
        } finally {
            client.stop();
        }
    }

    static List<Socket> fill(WebSocketClient client, URI uri, int sessions, int frames) throws Exception {
        List<Socket> open = open(client, uri, sessions);
        send(open, frames);
        return open;
    }

    static List<Socket> open(WebSocketClient client, URI uri, int sessions) throws Exception {
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Socket socket = new Socket();
            client.connect(socket, uri).get(30, TimeUnit.SECONDS);
            if (!socket.started.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no session.started");
            }
            open.add(socket);
        }
        return open;
    }

    /** F frames per session, 50 at a time per session, then waits until each has its F finals. */
    static void send(List<Socket> open, int frames) throws Exception {
        byte[] pcm = new byte[640];
        for (int sent = 0; sent < frames; sent += 50) {
            int batch = Math.min(50, frames - sent);
            for (Socket socket : open) {
                for (int k = 0; k < batch; k++) {
                    socket.session.sendBinary(ByteBuffer.wrap(pcm), Callback.NOOP);
                }
            }
            for (Socket socket : open) { // keep the sockets' queues short
                while (socket.finals.get() < sent + batch) {
                    Thread.sleep(2);
                }
            }
        }
    }

    static void close(List<Socket> open) {
        for (Socket socket : open) {
            socket.session.sendText("{\"type\":\"close_stream\"}", Callback.NOOP);
            socket.finals.set(0);
        }
    }

    static Map<String, Long> histogram(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String text = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        Map<String, Long> bytes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length >= 3 && cells[0].equals("Total")) {
                bytes.put("TOTAL", Long.parseLong(cells[2]));
            } else if (cells.length >= 4 && cells[0].endsWith(":")) {
                bytes.merge(cells[3], Long.parseLong(cells[2]), Long::sum);
            }
        }
        return bytes;
    }

    static void report(String what, Map<String, Long> before, Map<String, Long> after, int sessions) {
        System.out.printf("%s: %.1f KiB per session%n", what,
                (after.get("TOTAL") - before.get("TOTAL")) / 1024.0 / sessions);
        Map<String, Long> growth = new HashMap<>();
        after.forEach((type, bytes) -> growth.put(type, bytes - before.getOrDefault(type, 0L)));
        growth.remove("TOTAL");
        growth.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(8).forEach(e -> System.out.printf("  %8d B/session  %s%n", e.getValue() / sessions, e.getKey()));
    }
}
