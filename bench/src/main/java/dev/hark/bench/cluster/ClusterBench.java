package dev.hark.bench.cluster;

import dev.hark.bench.load.AudioLoop;
import dev.hark.bench.load.LoadGenerator;
import dev.hark.bench.load.LoadPlan;
import dev.hark.bench.load.LoadResult;
import dev.hark.bench.run.BenchOptions;
import dev.hark.bench.run.ServerLauncher;
import dev.hark.infrastructure.client.WavAudio;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./hark bench --cluster}: for each session count, the same load (the generator of
 * {@code ./hark bench}) against one Hark process in role {@code all} and then against a gateway
 * and a worker over a redis-server of the bench's own, each in fresh processes with a discarded
 * warm-up, one right after the other so the machine's noise falls on both; then the table.
 * Progress goes to {@code log}; the table to {@code out} and to {@code results.txt}.
 */
public final class ClusterBench {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int FRAME_MILLIS = 20;

    private final BenchOptions options;
    private final PrintStream out;
    private final PrintStream log;

    public ClusterBench(BenchOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
    }

    public void run() throws IOException, InterruptedException {
        Files.createDirectories(options.out());
        AudioLoop audio = options.wav().isPresent() ? AudioLoop.of(WavAudio.read(options.wav().get()), FRAME_MILLIS)
                : AudioLoop.silence(FRAME_MILLIS);
        ServerLauncher launcher = new ServerLauncher(options.harkJar(), options.serverJvm(), options.out(),
                "hark-bench.yml");
        List<String> lines = new ArrayList<>(List.of(ClusterTable.header()));
        StringBuilder notes = new StringBuilder();
        try (LoadGenerator generator = new LoadGenerator()) {
            for (int sessions : options.sessions()) {
                SetupMeasurement single = measure(Deployment.Setup.SINGLE, launcher, generator, sessions, audio);
                SetupMeasurement cluster = measure(Deployment.Setup.CLUSTER, launcher, generator, sessions, audio);
                lines.add(ClusterTable.row(sessions, single));
                lines.add(ClusterTable.row(sessions, cluster));
                lines.add(ClusterTable.added(sessions, single, cluster));
                lines.add(ClusterTable.cpuByProcess(cluster));
                cluster.redis().ifPresent(cost -> lines.add(ClusterTable.redis(cost)));
                notes.append(ClusterTable.errors(single, sessions)).append(ClusterTable.errors(cluster, sessions));
            }
        }
        String table = String.join(System.lineSeparator(), lines) + System.lineSeparator() + notes
                + ClusterTable.legend();
        out.print(table);
        Files.writeString(options.out().resolve("results.txt"), table);
    }

    private SetupMeasurement measure(Deployment.Setup setup, ServerLauncher launcher, LoadGenerator generator,
                                     int sessions, AudioLoop audio) throws IOException, InterruptedException {
        log.printf("bench: %s, %d sessions: starting%n", setup.label, sessions);
        try (Deployment deployment = Deployment.start(setup, launcher)) {
            if (options.warmupSeconds() > 0) {
                log.printf("bench: %s, %d sessions: warming up for %d s%n", setup.label, sessions,
                        options.warmupSeconds());
                generator.run(plan(deployment, sessions, options.warmupSeconds(), audio), LoadGenerator.Window.NONE);
            }
            Optional<RedisProbe> redis = deployment.redisProbe();
            Set<String> before = redis.map(probe -> probe.sessionKeys().keySet()).orElse(Set.of());
            log.printf("bench: %s, %d sessions: measuring for %d s%n", setup.label, sessions, options.seconds());
            ClusterWindow window = new ClusterWindow(deployment.pids(), redis, Duration.ofSeconds(options.seconds()),
                    before);
            LoadResult result = generator.run(plan(deployment, sessions, options.seconds(), audio), window);
            SetupMeasurement measurement = window.measurement(setup, result);
            writeDistribution(setup.name().toLowerCase(Locale.ROOT) + "-" + sessions + ".hgrm", result);
            log.println(ClusterTable.row(sessions, measurement));
            return measurement;
        }
    }

    /** HdrHistogram's percentile distribution of the run's latency, in milliseconds. */
    private void writeDistribution(String name, LoadResult result) throws IOException {
        Path file = options.out().resolve(name);
        try (PrintStream stream = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            result.latency().outputPercentileDistribution(stream, 1000.0);
        }
    }

    private static LoadPlan plan(Deployment deployment, int sessions, int seconds, AudioLoop audio) {
        return new LoadPlan(deployment.streamUri(), sessions, Duration.ofSeconds(seconds), audio, FRAME_MILLIS,
                DRAIN_TIMEOUT);
    }
}
