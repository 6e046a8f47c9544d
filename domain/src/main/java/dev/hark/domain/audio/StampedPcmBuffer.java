package dev.hark.domain.audio;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * FIFO of PCM segments, each keeping the arrival time of the frame it came from. Taking bytes
 * off the front leaves the rest of a segment with its own arrival time (H21): a partial flush
 * never makes older audio look newer. Arrival times are non-decreasing, so the front is the
 * oldest. Segments need not be contiguous; {@link #peekFront} never reads across a gap.
 */
final class StampedPcmBuffer {

    private record Segment(long startSample, byte[] pcm, int offset, long arrivalNanos) {

        int remaining() {
            return pcm.length - offset;
        }

        long endSample(int bytesPerFrame) {
            return startSample + remaining() / bytesPerFrame;
        }

        /** Drops {@code bytes} from the front; the rest keeps this segment's arrival time. */
        Segment advancedBy(int bytes, int bytesPerFrame) {
            return new Segment(startSample + bytes / bytesPerFrame, pcm, offset + bytes, arrivalNanos);
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
            segments.addLast(new Segment(chunk.startSample(), chunk.pcm(), 0, arrivalNanos));
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

    /** A copy of up to {@code maxBytes} from the front, stopping at the first gap; buffer unchanged. */
    PcmChunk peekFront(int maxBytes) {
        int bytesPerFrame = format.bytesPerFrame();
        long start = segments.getFirst().startSample();
        byte[] out = new byte[(int) Math.min(maxBytes, bytes)];
        int filled = 0;
        long expected = start;
        for (Segment segment : segments) {
            if (filled == out.length || segment.startSample() != expected) {
                break;
            }
            int take = Math.min(segment.remaining(), out.length - filled);
            System.arraycopy(segment.pcm(), segment.offset(), out, filled, take);
            filled += take;
            expected = segment.endSample(bytesPerFrame);
        }
        return new PcmChunk(start, filled == out.length ? out : Arrays.copyOf(out, filled), format);
    }

    /** Removes {@code count} bytes from the front (the caller peeked them first). */
    void discardFront(int count) {
        int left = count;
        while (left > 0) {
            Segment first = segments.removeFirst();
            if (first.remaining() > left) {
                segments.addFirst(first.advancedBy(left, format.bytesPerFrame()));
                left = 0;
            } else {
                left -= first.remaining();
            }
        }
        bytes -= count;
    }
}
