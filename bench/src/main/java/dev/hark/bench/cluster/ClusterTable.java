package dev.hark.bench.cluster;

import dev.hark.bench.load.LoadResult;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats the cluster bench: both setups per session count, what the cluster adds, and what Redis spent. */
final class ClusterTable {

    private ClusterTable() {
    }

    static String header() {
        return String.format(Locale.ROOT,
                "%8s %-12s %9s %8s %8s %9s %8s %8s %8s %9s %5s %7s %6s %7s %8s %9s %7s %7s %8s %9s",
                "sessions", "setup", "frames/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "fin p50", "fin p99",
                "fin p99.9", "lost", "untiled",
                "errors", "CPU%", "us/frame", "ctx/frame", "gen CPU%", "oth CPU%", "late p99", "load");
    }

    static String row(int sessions, SetupMeasurement m) {
        LoadResult r = m.load();
        return String.format(Locale.ROOT,
                "%8d %-12s %9.0f %8.2f %8.2f %9.2f %8.1f %8.2f %8.2f %9.2f %5d %7d %6d %7.0f %8.1f %9.2f %7.0f %7.0f %8.2f %4.2f/%4.2f",
                sessions, m.setup().label, r.framesPerSecond(), r.latencyMillis(50), r.latencyMillis(99),
                r.latencyMillis(99.9), r.latency().getMaxValue() / 1000.0, r.finalLatencyMillis(50),
                r.finalLatencyMillis(99), r.finalLatencyMillis(99.9), r.lost(), m.untiled(), r.errorCount(),
                m.totalCpuPercent(), m.microsPerFrame(), m.switchesPerFrame(), m.generatorCpu(), m.otherCpu(),
                r.latenessMillis(99), m.loadBefore(), m.loadAfter());
    }

    /** What the cluster adds to the single process: latency in milliseconds, CPU as a ratio. */
    static String added(int sessions, SetupMeasurement single, SetupMeasurement cluster) {
        LoadResult a = single.load();
        LoadResult b = cluster.load();
        return String.format(Locale.ROOT, "%8d %-12s added per frame p50 %+.2f ms, p99 %+.2f ms; per final p50 %+.2f ms, "
                        + "p99 %+.2f ms, p99.9 %+.2f ms; CPU/frame %.1fx",
                sessions, "cluster-all", b.latencyMillis(50) - a.latencyMillis(50),
                b.latencyMillis(99) - a.latencyMillis(99), b.finalLatencyMillis(50) - a.finalLatencyMillis(50),
                b.finalLatencyMillis(99) - a.finalLatencyMillis(99), b.finalLatencyMillis(99.9) - a.finalLatencyMillis(99.9),
                cluster.microsPerFrame() / Math.max(1e-9, single.microsPerFrame()));
    }

    static String cpuByProcess(SetupMeasurement m) {
        return "         CPU% by process, " + m.setup().label + ": " + m.cpuPercent().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    static String redis(RedisCost cost) {
        String top = cost.calls().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(6)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), cost.callsPerSessionSecond(e.getKey())))
                .collect(Collectors.joining(", "));
        String kinds = cost.keyBytes().keySet().stream()
                .map(kind -> String.format(Locale.ROOT, "%s %.1f", kind, cost.keyKibPerSession(kind)))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "         redis: %.1f calls per session-second (%s); CPU %.2f ms per "
                        + "session-second (~%.0f sessions per core); keys while streaming %.1f KiB per store session "
                        + "(%s; %d store sessions)",
                cost.commandsPerSessionSecond(), top, cost.cpuMillisPerSessionSecond(), cost.sessionsPerCore(),
                cost.keyKibPerSession(), kinds, cost.sessionsWithKeys());
    }

    static String errors(SetupMeasurement m, int sessions) {
        return m.load().errors().isEmpty() ? "" : String.format(Locale.ROOT, "errors, %s at %d sessions: %s%n",
                m.setup().label, sessions, m.load().errors());
    }

    static String legend() {
        return """
                all: one Hark process (role all); gw+wk+redis: 1 gateway + 1 worker + redis-server (AOF everysec, noeviction)
                latency (p50/p99/p99.9/max): client send of a 20 ms frame to receipt of the final covering it (HdrHistogram,
                  3 digits); fin: per final, from the send of the last frame it covers (a gateway grouping frames into
                  100 ms chunks makes earlier frames wait for later ones; fin leaves that wait out); in role all the echo
                  recognizer answers every frame, so there both are the same
                lost: frames never acknowledged (must be 0); untiled: frames acknowledged twice or finals off the frame grid (must be 0)
                CPU%: all processes of the setup during sending, % of one core (2 cores = 200); us/frame: that per frame
                ctx/frame: context switches of all the setup's processes (all threads) per frame sent
                gen/oth CPU%: the generator, and every other process on the machine; late p99: the generator's own lag
                redis calls: INFO commandstats over the window (CONFIG RESETSTAT at its start); commands run inside
                  Functions (fcall) are counted too; CPU: used_cpu_sys+user delta; keys: MEMORY USAGE of the run's
                  hark:s:{id}* keys halfway through sending (a store session per recognizer stream: a replaced stream
                  is a new one)
                load: 1-minute load average before/after the measured run
                """;
    }
}
