package dev.hark.bench.run;

import dev.hark.bench.load.AudioLoop;
import dev.hark.bench.load.LoadGenerator;
import dev.hark.bench.load.LoadPlan;
import dev.hark.bench.load.LoadResult;
import dev.hark.infrastructure.client.WavAudio;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole benchmark: for each session count, Hark then the relay (fresh JVMs, a discarded
 * warm-up run each, then the measured run), then the heap an idle session costs each, then the
 * table. Progress goes to {@code log}; the table to {@code out} and to {@code results.txt}.
 */
public final class BenchRun {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int FRAME_MILLIS = 20;

    private final BenchOptions options;
    private final PrintStream out;
    private final PrintStream log;

    public BenchRun(BenchOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
    }

    public void run() throws IOException, InterruptedException {
        Files.createDirectories(options.out());
        AudioLoop audio = options.wav().isPresent() ? AudioLoop.of(WavAudio.read(options.wav().get()), FRAME_MILLIS)
                : AudioLoop.silence(FRAME_MILLIS);
        ServerLauncher launcher = new ServerLauncher(options);
        int largest = options.sessions().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> lines = new ArrayList<>(List.of(ResultTable.header()));
        List<String> errors = new ArrayList<>();
        List<IdleHeap> heaps = new ArrayList<>();
        try (LoadGenerator generator = new LoadGenerator()) {
            for (int sessions : options.sessions()) {
                Path jfr = sessions == largest ? options.jfr().orElse(null) : null;
                Measurement hark = measure("hark", launcher, generator, sessions, audio, jfr);
                lines.add(ResultTable.row(sessions, hark));
                errors.add(ResultTable.errors("hark", sessions, hark.load()));
                if (options.relay()) {
                    Measurement relay = measure("relay", launcher, generator, sessions, audio,
                            jfr == null ? null : relayRecording(jfr));
                    lines.add(ResultTable.row(sessions, relay));
                    lines.add(ResultTable.ratio(sessions, hark, relay));
                    errors.add(ResultTable.errors("relay", sessions, relay.load()));
                }
            }
            if (options.idleSessions() > 0) {
                heaps.add(idleHeap("hark", launcher, generator));
                if (options.relay()) {
                    heaps.add(idleHeap("relay", launcher, generator));
                }
            }
        }
        StringBuilder table = new StringBuilder(String.join(System.lineSeparator(), lines)).append(System.lineSeparator());
        errors.stream().filter(e -> !e.isEmpty()).forEach(table::append);
        heaps.forEach(heap -> table.append(ResultTable.idleHeap(heap)).append(System.lineSeparator()));
        table.append(legend());
        out.print(table);
        Files.writeString(options.out().resolve("results.txt"), table);
    }

    /** The relay's recording beside Hark's: {@code x.jfr} becomes {@code x-relay.jfr}. */
    private static Path relayRecording(Path jfr) {
        String name = jfr.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return jfr.resolveSibling(dot < 0 ? name + "-relay" : name.substring(0, dot) + "-relay" + name.substring(dot));
    }

    private Measurement measure(String target, ServerLauncher launcher, LoadGenerator generator, int sessions,
                                AudioLoop audio, Path jfr) throws IOException, InterruptedException {
        try (ServerLauncher.Running server = target.equals("hark") ? launcher.hark() : launcher.relay()) {
            if (options.warmupSeconds() > 0) {
                log.printf("bench: %s, %d sessions: warming up for %d s%n", target, sessions, options.warmupSeconds());
                generator.run(plan(server, sessions, options.warmupSeconds(), audio), LoadGenerator.Window.NONE);
            }
            log.printf("bench: %s, %d sessions: measuring for %d s%n", target, sessions, options.seconds());
            SamplingWindow window = new SamplingWindow(server, jfr);
            LoadResult result = generator.run(plan(server, sessions, options.seconds(), audio), window);
            Measurement measurement = window.measurement(target, result);
            writeDistribution(target + "-" + sessions + ".hgrm", result);
            log.println(ResultTable.row(sessions, measurement));
            return measurement;
        }
    }

    private IdleHeap idleHeap(String target, ServerLauncher launcher, LoadGenerator generator)
            throws IOException, InterruptedException {
        int count = options.idleSessions();
        log.printf("bench: %s: heap of %d idle sessions%n", target, count);
        try (ServerLauncher.Running server = target.equals("hark") ? launcher.hark() : launcher.relay()) {
            generator.openIdle(server.streamUri(), count, DRAIN_TIMEOUT).close(); // loads every class involved
            HeapProbe.Snapshot without = HeapProbe.liveHeap(server.process());
            LoadGenerator.IdleSessions idle = generator.openIdle(server.streamUri(), count, DRAIN_TIMEOUT);
            try {
                if (idle.started() != count) {
                    throw new IOException(target + ": only " + idle.started() + " of " + count
                            + " idle sessions started: " + idle.errors());
                }
                HeapProbe.Snapshot with = HeapProbe.liveHeap(server.process());
                IdleHeap heap = new IdleHeap(target, count, without.totalBytes(), with.totalBytes(),
                        with.largestGrowthSince(without, 12));
                log.println(ResultTable.idleHeap(heap));
                return heap;
            } finally {
                idle.close();
            }
        }
    }

    /** HdrHistogram's percentile distribution of the run's latency, in milliseconds, for plotting or a closer look. */
    private void writeDistribution(String name, LoadResult result) throws IOException {
        try (PrintStream file = new PrintStream(Files.newOutputStream(options.out().resolve(name)), false,
                java.nio.charset.StandardCharsets.UTF_8)) {
            result.latency().outputPercentileDistribution(file, 1000.0);
        }
    }

    private static LoadPlan plan(ServerLauncher.Running server, int sessions, int seconds, AudioLoop audio) {
        return new LoadPlan(server.streamUri(), sessions, Duration.ofSeconds(seconds), audio, FRAME_MILLIS,
                DRAIN_TIMEOUT);
    }

    private static String legend() {
        return """
                latency: client send of a 20 ms frame to receipt of the final covering it (HdrHistogram, 3 digits)
                srv/gen/oth CPU%: server, generator, all other processes during sending, % of one core (2 cores = 200)
                us/frame: server CPU time per frame (srv CPU% over frames/s)
                srv MiB: server RSS at the end of sending; heapMiB: Hark's heap in use then (admin metrics, garbage included)
                late p99: how late the generator sent, p99 (its own lag)
                ctx/frame: the server's context switches (all threads) per frame sent
                load: 1-minute load average before/after the measured run (after includes the run itself)
                """;
    }

    /** Samples CPU, memory and load around the sending window; records JFR when asked. */
    private static final class SamplingWindow implements LoadGenerator.Window {
        private final ServerProcess server;
        private final AdminMetrics admin;
        private final Path jfr;
        private final long self = ProcessHandle.current().pid();
        private long startNanos;
        private long endNanos;
        private long switches0;
        private long switches1;
        private double serverCpu0;
        private double serverCpu1;
        private double selfCpu0;
        private double selfCpu1;
        private double busy0;
        private double busy1;
        private double rssMiB;
        private double heapMiB = -1;
        private double loadBefore;
        private double loadAfter;

        SamplingWindow(ServerLauncher.Running running, Path jfr) {
            this.server = running.process();
            this.admin = running.adminPort() > 0 ? new AdminMetrics(running.adminPort()) : null;
            this.jfr = jfr;
        }

        @Override
        public void sendingStarts() {
            try {
                if (jfr != null) {
                    // CPU-time sampling (JDK 25, Linux) sees threads in native code too, e.g. in write()
                    server.jcmd("JFR.start", "name=bench", "settings=profile", "jdk.CPUTimeSample#enabled=true",
                            "jdk.CPUTimeSample#throttle=2ms", "filename=" + jfr.toAbsolutePath());
                }
                loadBefore = SystemCpu.loadAverage();
                startNanos = System.nanoTime();
                serverCpu0 = server.cpuSeconds();
                switches0 = server.contextSwitches();
                selfCpu0 = ProcStat.cpuSeconds(self);
                busy0 = SystemCpu.busySeconds();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void sendingEnds() {
            try {
                endNanos = System.nanoTime();
                serverCpu1 = server.cpuSeconds();
                switches1 = server.contextSwitches();
                selfCpu1 = ProcStat.cpuSeconds(self);
                busy1 = SystemCpu.busySeconds();
                rssMiB = server.residentBytes() / 1048576.0;
                if (admin != null) {
                    heapMiB = admin.gauge("jvm.memory.heap.used") / 1048576.0;
                }
                loadAfter = SystemCpu.loadAverage();
                if (jfr != null) {
                    server.jcmd("JFR.stop", "name=bench");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        Measurement measurement(String target, LoadResult result) {
            double seconds = (endNanos - startNanos) / 1e9;
            double serverCpu = serverCpu1 - serverCpu0;
            double selfCpu = selfCpu1 - selfCpu0;
            double other = Math.max(0, (busy1 - busy0) - serverCpu - selfCpu);
            return new Measurement(target, result, 100 * serverCpu / seconds, 100 * selfCpu / seconds,
                    100 * other / seconds, rssMiB, heapMiB,
                    (switches1 - switches0) / (double) Math.max(1, result.framesSent()), loadBefore, loadAfter);
        }
    }
}
