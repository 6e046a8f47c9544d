package dev.hark.bench.cluster;

import java.util.Map;

/**
 * What Redis spent on one measured run of the cluster setup, and the per-session figures the
 * design speaks of (scale-out.md budgets Redis memory per session and per retained second).
 *
 * @param sessions       sessions streaming during the window
 * @param seconds        length of the sending window
 * @param calls          commandstats calls by command over the window ({@code CONFIG RESETSTAT} at its start);
 *                       commands a Function ran ({@code XADD} inside {@code hark_1_append_audio}) count too
 * @param cpuSeconds     Redis's own CPU over the window ({@code used_cpu_sys + used_cpu_user} delta)
 * @param usedMemoryDelta {@code used_memory} halfway through sending minus just before the run's sessions connected
 * @param sessionKeyBytes {@code MEMORY USAGE} summed over the keys of the run's sessions halfway through sending
 * @param sessionsWithKeys how many of the run's sessions had keys then
 */
record RedisCost(int sessions, double seconds, Map<String, Long> calls, double cpuSeconds, long usedMemoryDelta,
                 long sessionKeyBytes, int sessionsWithKeys) {

    /**
     * The cost over a window: calls as {@code end} counts them (stats were reset at the start),
     * CPU as {@code end} minus {@code start}, memory as the sample while streaming minus the
     * {@code used_memory} before the run's sessions connected.
     */
    static RedisCost over(RedisInfo start, RedisInfo end, long memoryBefore, long memoryWhileStreaming,
                          int sessions, double seconds, long sessionKeyBytes, int sessionsWithKeys) {
        return new RedisCost(sessions, seconds, end.callsByCommand(), end.cpuSeconds() - start.cpuSeconds(),
                memoryWhileStreaming - memoryBefore, sessionKeyBytes, sessionsWithKeys);
    }

    private double sessionSeconds() {
        return Math.max(1e-9, sessions * seconds);
    }

    long totalCalls() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    double commandsPerSessionSecond() {
        return totalCalls() / sessionSeconds();
    }

    double callsPerSessionSecond(String command) {
        return calls.getOrDefault(command, 0L) / sessionSeconds();
    }

    double cpuMillisPerSessionSecond() {
        return 1000 * cpuSeconds / sessionSeconds();
    }

    /** Sessions one Redis core would carry at this rate (1000 ms of CPU per second). */
    double sessionsPerCore() {
        double perSession = cpuMillisPerSessionSecond();
        return perSession <= 0 ? Double.POSITIVE_INFINITY : 1000 / perSession;
    }

    double usedMemoryKibPerSession() {
        return usedMemoryDelta / 1024.0 / Math.max(1, sessions);
    }

    double keyKibPerSession() {
        return sessionKeyBytes / 1024.0 / Math.max(1, sessionsWithKeys);
    }
}
