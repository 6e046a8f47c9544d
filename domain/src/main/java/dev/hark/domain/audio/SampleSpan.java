package dev.hark.domain.audio;

/**
 * A half-open range {@code [start, end)} of sample offsets on an audio clock. Offsets rather
 * than seconds so that rebasing a provider's clock onto the session's is exact.
 */
public record SampleSpan(long start, long end) {

    public SampleSpan {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public long length() {
        return end - start;
    }

    /** The same span on another clock; {@code toOtherClock} must be monotonic. */
    public SampleSpan retimed(java.util.function.LongUnaryOperator toOtherClock) {
        return new SampleSpan(toOtherClock.applyAsLong(start), toOtherClock.applyAsLong(end));
    }

    /** The same span on a clock that started {@code offset} samples earlier. */
    public SampleSpan shiftedBy(long offset) {
        return new SampleSpan(start + offset, end + offset);
    }
}
