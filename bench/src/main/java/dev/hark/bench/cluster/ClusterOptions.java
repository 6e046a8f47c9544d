package dev.hark.bench.cluster;

import dev.hark.bench.run.BenchOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./hark bench --cluster} options: those of {@code ./hark bench} that mean the same here
 * (parsed by {@link BenchOptions}), without the ones about the relay, JFR and the idle heap,
 * which the cluster bench does not do and refuses rather than ignores.
 */
public final class ClusterOptions {

    public static final String FLAG = "--cluster";

    public static final String USAGE = """
            Usage: ./hark bench --cluster [--sessions N[,N...]] [--seconds T] [--warmup S] [--wav FILE]
                                          [--server-jvm "OPTS"] [--hark-jar JAR] [--out DIR]
              The same load as ./hark bench (provider echo), per session count against one Hark
              process (role all) and then against 1 gateway + 1 worker over a redis-server the bench
              starts (free loopback port, temporary directory, appendonly yes, noeviction): latency
              of each, what the cluster adds, CPU per frame over all processes, Redis calls, CPU and
              memory per session.
              --sessions       concurrent sessions per run, comma-separated for several (default 100)
              --seconds        seconds of audio each session sends per run (default 60)
              --warmup         seconds of a discarded warm-up run before each measured run (default 10)
              --wav            16-bit PCM WAV to loop in 20 ms frames (default: silence, 16 kHz mono)
              --server-jvm     JVM options for every Hark process (default "-Xms2g -Xmx2g")
            """;

    private static final Set<String> NOT_HERE = Set.of("--no-relay", "--jfr", "--idle-sessions");

    private ClusterOptions() {
    }

    /** Parses the arguments, {@link #FLAG} among them; throws {@link IllegalArgumentException} with a reason. */
    public static BenchOptions parse(String[] args, Path defaultHarkJar, Path defaultOut) {
        List<String> rest = Arrays.stream(args).filter(arg -> !arg.equals(FLAG)).toList();
        rest.stream().filter(NOT_HERE::contains).findFirst().ifPresent(option -> {
            throw new IllegalArgumentException(option + " is not an option of --cluster");
        });
        BenchOptions parsed = BenchOptions.parse(rest.toArray(String[]::new), defaultHarkJar, defaultOut);
        return new BenchOptions(parsed.sessions(), parsed.seconds(), parsed.warmupSeconds(), parsed.wav(),
                parsed.harkJar(), 0, false, Optional.empty(), parsed.serverJvm(), parsed.out());
    }
}
