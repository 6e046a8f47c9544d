package dev.hark.bench.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the two servers under test as child JVMs with the same JVM options: Hark from its
 * runnable jar with the bench configuration ({@code provider: echo}), the relay from this
 * tool's own classpath.
 */
public final class ServerLauncher {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path harkJar;
    private final List<String> serverJvm;
    private final Path out;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final Path harkConfig;

    ServerLauncher(BenchOptions options) throws IOException {
        this(options.harkJar(), options.serverJvm(), options.out(), "hark-bench.yml");
    }

    /**
     * @param configResource Hark's configuration, a resource next to this class, copied into {@code out}
     */
    public ServerLauncher(Path harkJar, List<String> serverJvm, Path out, String configResource) throws IOException {
        this.harkJar = harkJar;
        this.serverJvm = List.copyOf(serverJvm);
        this.out = out;
        this.harkConfig = out.resolve(configResource);
        try (InputStream config = ServerLauncher.class.getResourceAsStream(configResource)) {
            Files.copy(config, harkConfig, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A running server and where to reach it. */
    public record Running(ServerProcess process, URI streamUri, int adminPort) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    Running hark() throws IOException, InterruptedException {
        return hark(List.of());
    }

    /** Hark with extra JVM options, e.g. {@code -Ddw.embedded.decodeCores=64} to override its configuration. */
    public Running hark(List<String> jvmOptions) throws IOException, InterruptedException {
        int port = freePort();
        int admin = freePort();
        List<String> command = command();
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", harkJar.toString(), "server", harkConfig.toString()));
        ServerProcess process = ServerProcess.start("hark", command,
                Map.of("HARK_PORT", Integer.toString(port), "HARK_ADMIN_PORT", Integer.toString(admin)),
                out.resolve("hark.log"), port, READY_TIMEOUT);
        return new Running(process, URI.create("ws://127.0.0.1:" + port + "/v1/stream"), admin);
    }

    /**
     * Hark in a cluster role ({@code gateway} or {@code worker}) over the Redis at {@code redis},
     * returned once its {@code /health/ready} answers 200 (for a gateway that includes reaching
     * Redis). A worker has no public port, so it is reached, and awaited, on its admin port;
     * its {@code streamUri} is null.
     */
    public Running clusterNode(String role, URI redis) throws IOException, InterruptedException {
        int port = freePort();
        int admin = freePort();
        List<String> command = command();
        command.addAll(List.of("-jar", harkJar.toString(), "server", harkConfig.toString()));
        boolean gateway = role.equals("gateway");
        ServerProcess process = ServerProcess.start(role, command,
                Map.of("HARK_ROLE", role, "HARK_NODE_ID", role + "-bench", "HARK_REDIS_URL", redis.toString(),
                        "HARK_PORT", Integer.toString(port), "HARK_ADMIN_PORT", Integer.toString(admin)),
                out.resolve(role + ".log"), gateway ? port : admin, READY_TIMEOUT);
        try {
            ServerProcess.awaitReady(admin, READY_TIMEOUT);
        } catch (IOException e) {
            process.close();
            throw new IOException(role + " " + e.getMessage() + "; see " + out.resolve(role + ".log"), e);
        }
        return new Running(process, gateway ? URI.create("ws://127.0.0.1:" + port + "/v1/stream") : null, admin);
    }

    Running relay() throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = command();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hark.bench.BenchMain",
                "relay", "--port", Integer.toString(port)));
        ServerProcess process = ServerProcess.start("relay", command, Map.of(), out.resolve("relay.log"),
                port, READY_TIMEOUT);
        return new Running(process, URI.create("ws://127.0.0.1:" + port + "/v1/stream"), -1);
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(serverJvm);
        return command;
    }

    /** A port free right now; the server binds it a moment later (a race only another process could lose us). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
