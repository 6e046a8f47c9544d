package dev.hark.infrastructure.inbound.deepgram;

import java.util.Arrays;

/**
 * Deepgram reads audio as a byte stream, so its clients send chunks of any length (a Node
 * stream's chunks, a file read in 4 KiB blocks); Hark's session takes whole sample frames. The
 * bytes of a frame cut between two chunks wait here for the rest. Guarded by its connection.
 */
final class FrameAligner {

    private final int bytesPerFrame;
    private byte[] carry = new byte[0];

    FrameAligner(int bytesPerFrame) {
        this.bytesPerFrame = bytesPerFrame;
    }

    /** The whole frames of {@code carry + chunk}; the cut-off rest is kept for the next chunk. */
    byte[] whole(byte[] chunk) {
        int total = carry.length + chunk.length;
        int usable = total - total % bytesPerFrame;
        byte[] joined = carry.length == 0 ? chunk : concat(carry, chunk);
        carry = Arrays.copyOfRange(joined, usable, total);
        return usable == joined.length ? joined : Arrays.copyOf(joined, usable);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
