package dev.hark.bench.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures from the text of Redis's {@code INFO}: {@code field:value} lines under {@code # Section}
 * headers, and {@code cmdstat_NAME:calls=N,usec=...} lines in the {@code commandstats} section.
 * Parsed here rather than asked one by one so one round trip gives a consistent snapshot.
 */
record RedisInfo(Map<String, String> fields, Map<String, Long> callsByCommand) {

    static RedisInfo parse(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String raw : info.split("\r?\n")) {
            String line = raw.trim();
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon < 0) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1);
            if (name.startsWith("cmdstat_")) {
                calls.put(name.substring("cmdstat_".length()), callsOf(value));
            } else {
                fields.put(name, value);
            }
        }
        return new RedisInfo(Map.copyOf(fields), Map.copyOf(calls));
    }

    /** {@code used_cpu_sys + used_cpu_user}: the server's own CPU since it started, in seconds. */
    double cpuSeconds() {
        return number("used_cpu_sys") + number("used_cpu_user");
    }

    /** Calls of every command since the last {@code CONFIG RESETSTAT}, those a Function ran included. */
    long totalCalls() {
        return callsByCommand.values().stream().mapToLong(Long::longValue).sum();
    }

    long calls(String command) {
        return callsByCommand.getOrDefault(command, 0L);
    }

    private double number(String field) {
        String value = fields.get(field);
        if (value == null) {
            throw new IllegalStateException("INFO has no " + field);
        }
        return Double.parseDouble(value.trim());
    }

    private static long callsOf(String stats) {
        for (String part : stats.split(",")) {
            if (part.startsWith("calls=")) {
                return Long.parseLong(part.substring("calls=".length()));
            }
        }
        return 0;
    }
}
