package dev.hark.bootstrap.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built jar ({@code target/hark.jar}, made in the package phase before the ITs run) as a
 * child process on free ports: what an operator runs and what a deploy sends SIGTERM to.
 */
public final class HarkProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "hark.jar").toAbsolutePath();

    private final Process process;
    private final Path log;
    public final int port;
    public final int adminPort;

    private HarkProcess(Process process, Path log, int port, int adminPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.adminPort = adminPort;
    }

    /**
     * Copies the {@code hark.log} of every process home under {@code homes} to
     * {@code target/<keptAs>}, so a failure's post-mortem outlives the temporary directory.
     */
    public static void keepLogs(Path homes, String keptAs) throws java.io.IOException {
        Path kept = Files.createDirectories(Path.of("target", keptAs));
        try (var dirs = Files.list(homes)) {
            for (Path home : dirs.toList()) {
                if (Files.exists(home.resolve("hark.log"))) {
                    Files.copy(home.resolve("hark.log"), kept.resolve(home.getFileName() + ".log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Starts {@code server} with {@code extraYaml} appended to a minimal config; returns once it is healthy. */
    public static HarkProcess start(Path dir, String extraYaml) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        Path config = dir.resolve("hark.yml");
        Files.writeString(config, """
                server:
                  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
                  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
                logging:
                  level: WARN
                  loggers:
                    dev.hark: INFO
                    dev.hark.bootstrap.config.LoopbackBinding: INFO
                %s
                """.formatted(port, adminPort, extraYaml));
        Path log = dir.resolve("hark.log");
        Process process = new ProcessBuilder(java(), "-jar", JAR.toString(), "server", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HarkProcess started = new HarkProcess(process, log, port, adminPort);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> !process.isAlive() || started.admin("/healthcheck").statusCode() == 200);
        if (!process.isAlive()) {
            throw new AssertionError("hark exited with " + process.exitValue() + " on startup; log:\n" + started.log());
        }
        return started;
    }

    /** Runs the jar with other arguments (a client command), output to {@code output}. */
    static Process run(Path output, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(output.resolveSibling(output.getFileName() + ".err").toFile()).start();
    }

    URI stream(String query) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/stream" + (query.isEmpty() ? "" : "?" + query));
    }

    public HttpResponse<String> admin(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The process id, for a test that signals it from elsewhere (a browser test's driver script). */
    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no drain, no lease release. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** What a deploy does: SIGTERM. */
    void sigterm() {
        process.destroy();
    }

    /** The exit status, waiting at most {@code bound}. */
    public int awaitExit(Duration bound) throws InterruptedException, IOException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("hark did not exit within " + bound + "; log:\n" + log());
        }
        return process.exitValue();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
