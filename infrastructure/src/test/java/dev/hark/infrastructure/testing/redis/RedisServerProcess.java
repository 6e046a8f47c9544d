package dev.hark.infrastructure.testing.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian's 7.0) for tests: a free loopback port, a temporary
 * directory, AOF on ({@code appendfsync everysec}), {@code noeviction}, as production should run
 * it. Faults on demand: pause ({@code SIGSTOP}/{@code SIGCONT}), {@code kill -9}, orderly
 * shutdown, restart on the same directory and port, killing client connections by name.
 * One per test class where the scenario allows; {@link #close()} kills it and deletes the directory.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_BOUND = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private Process process;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> admin;

    private RedisServerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a fresh server; fails with the server's log when it does not come up. */
    public static RedisServerProcess start() {
        try {
            RedisServerProcess server = new RedisServerProcess(Files.createTempDirectory("hark-redis-"), freePort());
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Synchronous commands on a connection of the test's own (not to be used while paused). */
    public RedisCommands<String, String> admin() {
        if (admin == null) {
            adminClient = RedisClient.create(RedisURI.create(uri()));
            admin = adminClient.connect();
            admin.setTimeout(Duration.ofSeconds(10));
        }
        return admin.sync();
    }

    /** {@code SIGSTOP}: the server stops answering; sockets stay open. */
    public void pause() {
        signal("STOP");
    }

    /** {@code SIGCONT} after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /** {@code kill -9}: no shutdown, no final fsync (AOF {@code everysec} may lose up to a second). */
    public void kill9() {
        dropAdmin();
        process.destroyForcibly();
        waitForExit();
    }

    /** {@code SHUTDOWN}: flushes the AOF and exits. */
    public void shutdown() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("SHUTDOWN\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.getInputStream().read();
        } catch (IOException e) {
            // the server closes the socket as it exits
        }
        dropAdmin();
        waitForExit();
    }

    /** Starts the server again on the same directory and port (after a shutdown or a kill). */
    public void restart() {
        if (isAlive()) {
            throw new IllegalStateException("still running");
        }
        launch();
    }

    /** Kills every client connection whose name starts with {@code namePrefix}; returns how many. */
    public int killClients(String namePrefix) {
        int killed = 0;
        for (String line : admin().clientList().split("\n")) {
            String id = field(line, "id");
            String name = field(line, "name");
            if (id != null && name != null && name.startsWith(namePrefix)) {
                killed += admin().clientKill(KillArgs.Builder.id(Long.parseLong(id))).intValue();
            }
        }
        return killed;
    }

    /** The server's {@code run_id}: a new one after every start. */
    public String runId() {
        return field(admin().info("server").replace("\r\n", " "), "run_id", ':');
    }

    @Override
    public void close() {
        dropAdmin();
        if (process != null) {
            if (process.isAlive()) {
                resume();
            }
            process.destroyForcibly();
            waitForExit();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec",
                "--maxmemory-policy", "noeviction", "--save", "", "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run redis-server (./hark test installs Debian's redis-server)", e);
        }
        try {
            await("redis-server on port " + port).atMost(START_BOUND).pollInterval(Duration.ofMillis(20))
                    .until(() -> !process.isAlive() || answersPing());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("redis-server did not start: " + log(), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited: " + log());
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dropAdmin() {
        if (admin != null) {
            admin.close();
            adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            admin = null;
            adminClient = null;
        }
    }

    private String log() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static String field(String line, String name) {
        return field(line, name, '=');
    }

    private static String field(String line, String name, char separator) {
        for (String part : line.trim().split("\\s+")) {
            if (part.startsWith(name + separator)) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "redis-server";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
