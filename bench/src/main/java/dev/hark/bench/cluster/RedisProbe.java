package dev.hark.bench.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bench's own look into Redis (its own connection, not the processes' under test): stats,
 * and the keys of sessions ({@code hark:s:{id}...}, docs/cluster.md "Keys") with their memory.
 */
final class RedisProbe {

    private static final String SESSION_KEYS = "hark:s:*";

    private final RedisCommands<String, String> redis;

    RedisProbe(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    RedisInfo info() {
        return RedisInfo.parse(redis.info("all"));
    }

    /** Zeroes commandstats (not {@code used_cpu_*} or memory, which are read as deltas). */
    void resetStats() {
        redis.configResetstat();
    }

    /** Session id to its keys, for every session with a key now. */
    Map<String, List<String>> sessionKeys() {
        Map<String, List<String>> bySession = new HashMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(SESSION_KEYS).limit(1000));
            for (String key : page.getKeys()) {
                sessionOf(key).ifPresent(id -> bySession.computeIfAbsent(id, unused -> new ArrayList<>()).add(key));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return bySession;
    }

    /** {@code MEMORY USAGE} of the keys, added into {@code byKind} (a key gone meanwhile counts 0). */
    void memoryUsage(List<String> keys, Map<String, Long> byKind) {
        for (String key : keys) {
            Long bytes = redis.memoryUsage(key);
            byKind.merge(kindOf(key), bytes == null ? 0 : bytes, Long::sum);
        }
    }

    /** {@code hark:s:{ID}} is the session hash, {@code :audio} the audio ledger, {@code :tx} the outbox. */
    static String kindOf(String key) {
        String suffix = key.substring(key.indexOf('}') + 1);
        return switch (suffix) {
            case "" -> "hash";
            case ":audio" -> "audio";
            case ":tx" -> "outbox";
            default -> suffix.substring(suffix.indexOf(':') + 1);
        };
    }

    /** The sessions among {@code now} that were not in {@code before}: the run's own, not the warm-up's leftovers. */
    static Set<String> newSessions(Set<String> before, Set<String> now) {
        Set<String> fresh = new HashSet<>(now);
        fresh.removeAll(before);
        return fresh;
    }

    /** {@code hark:s:{ID}} and {@code hark:s:{ID}:audio} both name session ID. */
    static Optional<String> sessionOf(String key) {
        int open = key.indexOf('{');
        int close = key.indexOf('}', open + 1);
        return open < 0 || close < 0 ? Optional.empty() : Optional.of(key.substring(open + 1, close));
    }
}
