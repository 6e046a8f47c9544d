package dev.hark.bench.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in its own JVM, its output in a log file. Stopped with SIGTERM (so
 * Dropwizard shuts down in order), killed if it does not exit in time.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final int port;

    private ServerProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Starts {@code command} and waits until {@code port} on loopback accepts connections. */
    static ServerProcess start(String name, List<String> command, Map<String, String> environment, Path log,
                               int port, Duration readyTimeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        ServerProcess server = new ServerProcess(name, builder.start(), port);
        // a benchmark stopped with Ctrl-C or SIGTERM must not leave its servers running
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroy, name + "-stopper"));
        server.awaitReady(readyTimeout, log);
        return server;
    }

    public long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    /** User plus system CPU time the process has used so far. */
    public double cpuSeconds() throws IOException {
        return ProcStat.cpuSeconds(process.pid());
    }

    public long contextSwitches() throws IOException {
        return ProcStat.contextSwitches(process.pid());
    }

    public long residentBytes() throws IOException {
        return ProcStat.residentBytes(process.pid());
    }

    /** Runs {@code jcmd PID args...} with the running JDK's jcmd and returns its output. */
    String jcmd(String... args) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid())));
        command.addAll(List.of(args));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = run.getInputStream().readAllBytes();
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before listening; see " + log
                        + ":\n" + tail(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        close();
        throw new IOException(name + " did not listen on port " + port + " within " + timeout + "; see " + log);
    }

    /** Polls {@code /health/ready} on the admin port until it answers 200 (readiness can lag the port). */
    static void awaitReady(int adminPort, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + adminPort + "/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet, or reset while starting
            }
            Thread.sleep(100);
        }
        throw new IOException("was not ready within " + timeout + " (last /health/ready status " + last + ")");
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
