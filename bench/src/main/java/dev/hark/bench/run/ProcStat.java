package dev.hark.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, from Linux's {@code /proc}: the same source for
 * Hark, the relay and the generator itself, so their figures compare.
 */
public final class ProcStat {

    /** Linux reports CPU times in USER_HZ ticks, 100 per second on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long PAGE_BYTES = 4096;

    private ProcStat() {
    }

    public static double cpuSeconds(long pid) throws IOException {
        String[] fields = fieldsAfterName(pid);
        // fields 14 and 15 of /proc/PID/stat (utime, stime) are at 11 and 12 after the name
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /**
     * CPU time of the process's children that have ended and been waited for (fields 16 and 17,
     * cutime and cstime): how to measure a child process that is gone, such as a command-line tool.
     */
    public static double childrenCpuSeconds(long pid) throws IOException {
        String[] fields = fieldsAfterName(pid);
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }

    static long residentBytes(long pid) throws IOException {
        return Long.parseLong(fieldsAfterName(pid)[21]) * PAGE_BYTES; // field 24, rss in pages
    }

    /**
     * Context switches of all the process's threads so far, voluntary (a thread blocked or
     * parked, e.g. handing work to another thread and waiting for more) plus involuntary
     * (preempted). Threads that ended are not counted, so use deltas over a steady window.
     */
    public static long contextSwitches(long pid) throws IOException {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException threadEnded) {
                    // the thread ended between listing and reading
                }
            }
        }
        return total;
    }

    /** The command name may contain spaces; everything after its closing parenthesis splits cleanly. */
    private static String[] fieldsAfterName(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
