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
 * @param keyBytes       {@code MEMORY USAGE} of the run's store sessions' keys halfway through sending,
 *                       summed by kind of key ({@link RedisProbe#kindOf})
 * @param sessionsWithKeys how many store sessions had keys then: one per client session, plus one
 *                       per recognizer stream the gateway replaced
 */
record RedisCost(int sessions, double seconds, Map<String, Long> calls, double cpuSeconds,
                 Map<String, Long> keyBytes, int sessionsWithKeys) {

    /**
     * The cost over a window: calls as {@code end} counts them (stats were reset at the start),
     * CPU as {@code end} minus {@code start}, memory as sampled while streaming.
     */
    static RedisCost over(RedisInfo start, RedisInfo end, int sessions, double seconds, Map<String, Long> keyBytes,
                          int sessionsWithKeys) {
        return new RedisCost(sessions, seconds, end.callsByCommand(), end.cpuSeconds() - start.cpuSeconds(),
                Map.copyOf(keyBytes), sessionsWithKeys);
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

    /** All keys of a store session, on average. */
    double keyKibPerSession() {
        return keyBytes.values().stream().mapToLong(Long::longValue).sum() / 1024.0 / Math.max(1, sessionsWithKeys);
    }

    /** One kind of key of a store session, on average. */
    double keyKibPerSession(String kind) {
        return keyBytes.getOrDefault(kind, 0L) / 1024.0 / Math.max(1, sessionsWithKeys);
    }
}
