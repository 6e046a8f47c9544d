package dev.hark.application.service;

import dev.hark.domain.audio.PcmChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Audio that arrived before the recognizer stream was open (H18): kept, bounded in bytes, and
 * handed over in order once the stream opens. Lane-confined.
 */
final class PendingAudio {

    private final long maxBytes;
    private final ArrayDeque<PcmChunk> chunks = new ArrayDeque<>();
    private long bytes;

    PendingAudio(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** False when the chunk would exceed the bound; the chunk is then not kept. */
    boolean offer(PcmChunk chunk) {
        if (bytes + chunk.pcm().length > maxBytes) {
            return false;
        }
        chunks.add(chunk);
        bytes += chunk.pcm().length;
        return true;
    }

    /** Everything held, oldest first; the buffer is empty afterwards. */
    List<PcmChunk> drain() {
        List<PcmChunk> drained = new ArrayList<>(chunks);
        chunks.clear();
        bytes = 0;
        return drained;
    }

    long bytes() {
        return bytes;
    }
}
