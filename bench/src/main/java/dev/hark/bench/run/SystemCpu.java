package dev.hark.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy CPU time of the whole machine and its load average, from {@code /proc/stat} and
 * {@code /proc/loadavg}. Busy time minus that of the server and the generator is what other
 * processes took during a run: the noise the numbers must be read against.
 */
public final class SystemCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private SystemCpu() {
    }

    /** Seconds of CPU the machine spent on anything but idling, summed over all cores, since boot. */
    public static double busySeconds() throws IOException {
        String first = Files.readAllLines(Path.of("/proc/stat")).getFirst();
        String[] fields = first.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy / TICKS_PER_SECOND;
    }

    /** The one-minute load average. */
    public static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
