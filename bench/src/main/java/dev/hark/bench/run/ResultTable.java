package dev.hark.bench.run;

import dev.hark.bench.load.LoadResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats measurements as a plain-text table, Hark and the relay side by side per session count. */
final class ResultTable {

    private static final String HEADER = String.format(Locale.ROOT,
            "%8s %-11s %9s %8s %8s %9s %8s %6s %5s %6s %7s %7s %7s %7s %7s %7s %8s %9s %9s",
            "sessions", "target", "frames/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "dup", "errors",
            "srv CPU%", "us/frame", "srv MiB", "heapMiB", "gen CPU%", "oth CPU%", "late p99", "ctx/frame", "load");

    private ResultTable() {
    }

    static String header() {
        return HEADER;
    }

    static String row(int sessions, Measurement m) {
        LoadResult r = m.load();
        return String.format(Locale.ROOT,
                "%8d %-11s %9.0f %8.2f %8.2f %9.2f %8.1f %6d %5d %6d %7.0f %7.1f %7.0f %7s %7.0f %7.0f %8.2f %9.2f %4.2f/%4.2f",
                sessions, m.target(), r.framesPerSecond(), r.latencyMillis(50), r.latencyMillis(99),
                r.latencyMillis(99.9), r.latency().getMaxValue() / 1000.0, r.lost(), r.duplicates(), r.errorCount(),
                m.serverCpu(), m.serverCpu() * 10_000 / Math.max(1, r.framesPerSecond()), m.serverRssMiB(),
                m.serverHeapMiB() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", m.serverHeapMiB()),
                m.generatorCpu(), m.otherCpu(), r.latenessMillis(99), m.switchesPerFrame(), m.loadBefore(),
                m.loadAfter());
    }

    /** Hark against the relay: latency ratios and the p99 difference the targets speak of. */
    static String ratio(int sessions, Measurement hark, Measurement relay) {
        LoadResult h = hark.load();
        LoadResult b = relay.load();
        return String.format(Locale.ROOT, "%8d %-11s %9s %7.1fx %7.1fx %8.1fx %7.1fx   p99 %+.2f ms, CPU %.1fx",
                sessions, "hark/relay", "", h.latencyMillis(50) / b.latencyMillis(50),
                h.latencyMillis(99) / b.latencyMillis(99), h.latencyMillis(99.9) / b.latencyMillis(99.9),
                h.latency().getMaxValue() / (double) Math.max(1, b.latency().getMaxValue()),
                h.latencyMillis(99) - b.latencyMillis(99), hark.serverCpu() / Math.max(0.1, relay.serverCpu()));
    }

    static String idleHeap(IdleHeap heap) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "heap per idle session, %s: %.1f KiB (%d sessions; live heap %.1f MiB without, %.1f MiB with)",
                heap.target(), heap.kibPerSession(), heap.sessions(), heap.bytesWithout() / 1048576.0,
                heap.bytesWith() / 1048576.0));
        for (Map.Entry<String, Long> entry : heap.largestGrowth()) {
            text.append(String.format(Locale.ROOT, "%n    %8.0f B/session  %s",
                    entry.getValue() / (double) heap.sessions(), entry.getKey()));
        }
        return text.toString();
    }

    static String errors(String target, int sessions, LoadResult result) {
        return result.errors().isEmpty() ? "" : String.format(Locale.ROOT, "errors, %s at %d sessions: %s%n",
                target, sessions, result.errors());
    }

    static String notes(List<String> lines) {
        return String.join(System.lineSeparator(), lines);
    }
}
