package dev.hark.domain.session;

/**
 * Fencing token for client attachments (hazard H5). Every attachment of a session gets the
 * next generation; an event stamped with an older generation is stale and must change nothing.
 * Comparisons are numeric, never lookups of random connection ids.
 */
public record Generation(long value) implements Comparable<Generation> {

    public static final Generation FIRST = new Generation(1);

    public Generation {
        if (value < 1) {
            throw new IllegalArgumentException("generation starts at 1, got " + value);
        }
    }

    public Generation next() {
        return new Generation(Math.addExact(value, 1));
    }

    public boolean isNewerThan(Generation other) {
        return value > other.value;
    }

    public boolean isOlderThan(Generation other) {
        return value < other.value;
    }

    @Override
    public int compareTo(Generation other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
