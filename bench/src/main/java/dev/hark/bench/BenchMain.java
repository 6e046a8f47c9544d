package dev.hark.bench;

import dev.hark.bench.cluster.ClusterBench;
import dev.hark.bench.cluster.ClusterOptions;
import dev.hark.bench.embedded.EmbeddedBench;
import dev.hark.bench.embedded.EmbeddedOptions;
import dev.hark.bench.relay.RawRelay;
import dev.hark.bench.run.BenchOptions;
import dev.hark.bench.run.BenchRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * {@code java -jar hark-bench.jar [run] [OPTIONS]} runs the benchmark ({@code ./hark bench});
 * {@code relay --port P} serves the baseline relay; {@code jmh [JMH OPTIONS]} runs the
 * microbenchmarks with JMH's own command line; {@code store} measures the cluster store on a
 * redis-server of its own (docs/cluster.md).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 || args[0].startsWith("-") ? "run" : args[0];
        String[] rest = args.length == 0 || args[0].startsWith("-") ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "run" -> run(rest);
            case "relay" -> relay(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "store" -> dev.hark.bench.store.StoreBench.main(rest);
            default -> {
                System.err.println("unknown command " + command + "; use run, relay, jmh or store");
                System.exit(2);
            }
        }
    }

    private static void run(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--embedded")) {
            embedded(args);
            return;
        }
        if (Arrays.asList(args).contains(ClusterOptions.FLAG)) {
            cluster(args);
            return;
        }
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, Path.of("bootstrap/target/hark-run.jar"), Path.of("bench/target/runs",
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        new BenchRun(options, System.out, System.err).run();
    }

    private static void cluster(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(ClusterOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = ClusterOptions.parse(args, Path.of("bootstrap/target/hark-run.jar"), Path.of("bench/target/runs",
                    "cluster-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(ClusterOptions.USAGE);
            System.exit(2);
            return;
        }
        new ClusterBench(options, System.out, System.err).run();
    }

    private static void embedded(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(EmbeddedOptions.USAGE);
            return;
        }
        EmbeddedOptions options;
        try {
            options = EmbeddedOptions.parse(args, Path.of("bootstrap/target/hark-run.jar"), Path.of("bench/target/runs",
                    "embedded-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(EmbeddedOptions.USAGE);
            System.exit(2);
            return;
        }
        new EmbeddedBench(options, System.out, System.err).run();
    }

    private static void relay(String[] args) throws Exception {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
        try (RawRelay relay = RawRelay.start(port)) {
            System.out.println("relay listening on 127.0.0.1:" + relay.port());
            relay.join();
        }
    }
}
