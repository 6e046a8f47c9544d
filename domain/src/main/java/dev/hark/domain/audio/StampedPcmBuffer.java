package dev.hark.domain.audio;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * FIFO of PCM segments, each keeping the arrival time of the frame it came from. Taking bytes
 * off the front leaves the rest of a segment with its own arrival time (H21): a partial flush
 * never makes older audio look newer. Arrival times are non-decreasing, so the front is the
 * oldest. Segments need not be contiguous; {@link #peekFront} never reads across a gap.
 */
final class StampedPcmBuffer {

    /** The part of {@code source} from byte {@code offset} on, arrived at {@code arrivalNanos}. */
    private record Segment(PcmChunk source, int offset, long arrivalNanos) {

        byte[] pcm() {
            return source.pcm();
        }

        long startSample(int bytesPerFrame) {
            return source.startSample() + offset / bytesPerFrame;
        }

        int remaining() {
            return source.pcm().length - offset;
        }

        long endSample(int bytesPerFrame) {
            return source.startSample() + source.pcm().length / bytesPerFrame;
        }

        /** Drops {@code bytes} from the front; the rest keeps this segment's arrival time. */
        Segment advancedBy(int bytes) {
            return new Segment(source, offset + bytes, arrivalNanos);
        }
    }

    private final AudioFormat format;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private long bytes;

    StampedPcmBuffer(AudioFormat format) {
        this.format = format;
    }

    void append(PcmChunk chunk, long arrivalNanos) {
        if (chunk.pcm().length > 0) {
            segments.addLast(new Segment(chunk, 0, arrivalNanos));
            bytes += chunk.pcm().length;
        }
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    /** Arrival time of the oldest buffered byte; the buffer must not be empty. */
    long oldestArrivalNanos() {
        return segments.getFirst().arrivalNanos();
    }

    /**
     * Up to {@code maxBytes} from the front, stopping at the first gap; buffer unchanged. When that
     * is exactly one whole appended chunk (a frame passing through) it is that chunk, not a copy:
     * chunks own their arrays and nobody writes to them.
     */
    PcmChunk peekFront(int maxBytes) {
        int bytesPerFrame = format.bytesPerFrame();
        Segment first = segments.getFirst();
        if (isWholeChunkAtFront(first, maxBytes)) {
            return first.source();
        }
        long start = first.startSample(bytesPerFrame);
        byte[] out = new byte[(int) Math.min(maxBytes, bytes)];
        int filled = 0;
        long expected = start;
        for (Segment segment : segments) {
            if (filled == out.length || segment.startSample(bytesPerFrame) != expected) {
                break;
            }
            int take = Math.min(segment.remaining(), out.length - filled);
            System.arraycopy(segment.pcm(), segment.offset(), out, filled, take);
            filled += take;
            expected = segment.endSample(bytesPerFrame);
        }
        return new PcmChunk(start, filled == out.length ? out : Arrays.copyOf(out, filled), format);
    }

    /** The front segment is a whole chunk and exactly what a peek of {@code maxBytes} returns. */
    private boolean isWholeChunkAtFront(Segment first, int maxBytes) {
        if (first.offset() != 0 || first.remaining() > maxBytes) {
            return false;
        }
        if (first.remaining() == maxBytes || segments.size() == 1) {
            return true;
        }
        Iterator<Segment> behind = segments.iterator();
        behind.next();
        Segment second = behind.next();
        int bytesPerFrame = format.bytesPerFrame();
        return second.startSample(bytesPerFrame) != first.endSample(bytesPerFrame); // a gap ends the peek
    }

    /** Removes {@code count} bytes from the front (the caller peeked them first). */
    void discardFront(int count) {
        int left = count;
        while (left > 0) {
            Segment first = segments.removeFirst();
            if (first.remaining() > left) {
                segments.addFirst(first.advancedBy(left));
                left = 0;
            } else {
                left -= first.remaining();
            }
        }
        bytes -= count;
    }
}
