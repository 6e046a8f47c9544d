package dev.hark.infrastructure.outbound.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How Hark talks to Redis. Lettuce's own defaults are unsafe for Hark: they queue commands
 * without bound while disconnected, never time a command out, and replay buffered commands
 * after a reconnect. Here the queue is bounded, commands are refused at once while disconnected,
 * every command times out, and only fenced, idempotent writes are replayed (reads are re-issued
 * by their owner instead).
 *
 * @param uri               {@code redis://host:port[/db]} (no credentials in it yet)
 * @param commandTimeout    bound on every command; a timed-out write may still run later, which the
 *                          fences make harmless
 * @param connectTimeout    bound on opening a connection
 * @param requestQueueSize  commands one connection may hold unanswered; beyond it they fail at once
 * @param reconnectMinDelay first delay before reconnecting; doubles up to {@code reconnectMaxDelay}
 * @param reconnectMaxDelay longest delay between reconnect attempts
 * @param readerConnections dedicated connections that follow session streams ({@code XREAD BLOCK}),
 *                          each multiplexing many streams
 * @param maxBlock          longest server-side wait of one blocking read; their timeout is this plus
 *                          {@code commandTimeout}
 * @param readBatch         entries read per stream per round trip
 * @param assignmentBacklog approximate length the assignment stream is trimmed to
 */
public record RedisSettings(URI uri, Duration commandTimeout, Duration connectTimeout, int requestQueueSize,
                            Duration reconnectMinDelay, Duration reconnectMaxDelay, int readerConnections,
                            Duration maxBlock, int readBatch, int assignmentBacklog) {

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") || uri.getHost() == null) {
            throw new IllegalArgumentException("uri must be redis://host:port");
        }
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(reconnectMinDelay, "reconnectMinDelay");
        requirePositive(reconnectMaxDelay, "reconnectMaxDelay");
        requirePositive(maxBlock, "maxBlock");
        if (reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay must be at least reconnectMinDelay");
        }
        if (requestQueueSize < 1 || readerConnections < 1 || readBatch < 1 || assignmentBacklog < 1) {
            throw new IllegalArgumentException("requestQueueSize, readerConnections, readBatch and assignmentBacklog must be positive");
        }
    }

    /**
     * 1 s command timeout (a 2 s pause of Redis is reported, not waited out), 10 000 queued
     * commands per connection, reconnect after 50 ms doubling to 2 s, 2 reader connections,
     * blocking reads of at most 2 s, 64 entries per read, 100 000 assignments kept.
     */
    public static RedisSettings defaults(URI uri) {
        return new RedisSettings(uri, Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000,
                Duration.ofMillis(50), Duration.ofSeconds(2), 2, Duration.ofSeconds(2), 64, 100_000);
    }

    /** The same settings with another command timeout. */
    public RedisSettings withCommandTimeout(Duration timeout) {
        return new RedisSettings(uri, timeout, connectTimeout, requestQueueSize, reconnectMinDelay,
                reconnectMaxDelay, readerConnections, maxBlock, readBatch, assignmentBacklog);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (!duration.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
