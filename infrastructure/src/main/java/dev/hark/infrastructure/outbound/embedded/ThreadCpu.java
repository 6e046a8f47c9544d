package dev.hark.infrastructure.outbound.embedded;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/** The calling thread's CPU time, which is what decoding costs whatever else runs on the machine. */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /**
     * Nanoseconds of CPU the calling thread has used; falls back to wall time where the JVM cannot
     * measure thread CPU time (then contention counts as cost, which errs on the safe side).
     */
    static LongSupplier clock() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported()) {
            if (!threads.isThreadCpuTimeEnabled()) {
                threads.setThreadCpuTimeEnabled(true);
            }
            return threads::getCurrentThreadCpuTime;
        }
        return System::nanoTime;
    }
}
