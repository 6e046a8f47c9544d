package dev.hark.bench.run;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live heap of a server, from {@code jcmd PID GC.class_histogram}: it runs a full GC first, then
 * counts every live object by class, so the total is live bytes with no garbage and no
 * allocation by the measurement itself in the server (unlike reading a heap gauge over HTTP).
 * The per-class counts show what a session is made of.
 */
final class HeapProbe {

    /** One histogram: total live bytes and bytes per class. */
    record Snapshot(long totalBytes, Map<String, Long> bytesByClass) {

        /** The classes that grew most from {@code before} to this, with their growth in bytes. */
        List<Map.Entry<String, Long>> largestGrowthSince(Snapshot before, int limit) {
            Map<String, Long> growth = new HashMap<>();
            bytesByClass.forEach((type, bytes) -> growth.put(type, bytes - before.bytesByClass.getOrDefault(type, 0L)));
            return growth.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(limit).toList();
        }
    }

    private HeapProbe() {
    }

    static Snapshot liveHeap(ServerProcess server) throws IOException, InterruptedException {
        return parse(server.jcmd("GC.class_histogram"));
    }

    /**
     * Reads lines like {@code "   1:   12345   678900  java.lang.String (java.base@25)"} and the
     * closing {@code "Total   123456   7890123"}.
     */
    static Snapshot parse(String histogram) {
        Map<String, Long> byClass = new HashMap<>();
        long total = -1;
        for (String line : histogram.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length >= 3 && cells[0].equals("Total")) {
                total = Long.parseLong(cells[2]);
            } else if (cells.length >= 4 && cells[0].endsWith(":")) {
                byClass.merge(cells[3], Long.parseLong(cells[2]), Long::sum);
            }
        }
        if (total < 0) {
            throw new IllegalArgumentException("no Total line in the class histogram");
        }
        return new Snapshot(total, byClass);
    }
}
