package dev.hark.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, from Linux's {@code /proc}: the same source for
 * Hark, the relay and the generator itself, so their figures compare.
 */
final class ProcStat {

    /** Linux reports CPU times in USER_HZ ticks, 100 per second on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long PAGE_BYTES = 4096;

    private ProcStat() {
    }

    static double cpuSeconds(long pid) throws IOException {
        String[] fields = fieldsAfterName(pid);
        // fields 14 and 15 of /proc/PID/stat (utime, stime) are at 11 and 12 after the name
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    static long residentBytes(long pid) throws IOException {
        return Long.parseLong(fieldsAfterName(pid)[21]) * PAGE_BYTES; // field 24, rss in pages
    }

    /** The command name may contain spaces; everything after its closing parenthesis splits cleanly. */
    private static String[] fieldsAfterName(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
