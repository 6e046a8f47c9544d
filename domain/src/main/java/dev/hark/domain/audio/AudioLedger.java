package dev.hark.domain.audio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Audio accounting by sample offset for one session (hazard H23): how much audio was received,
 * how far final results cover it (the acknowledged watermark), and the audio in between, kept
 * so it can be replayed into a new recognizer stream after the old one died.
 *
 * <p>Retention is bounded by duration. Policy at the bound: the oldest retained audio is
 * released (it could then no longer be replayed after a recognizer failure) and the released
 * samples are counted, so the session can tell the client and a metric can show it.
 * Lane-confined; not thread-safe.
 */
public final class AudioLedger {

    private final long maxRetainedSamples;
    private final ArrayDeque<PcmChunk> retained = new ArrayDeque<>();
    private long retainedSamples;
    private long received;
    private long acknowledged;
    private long releasedUnacknowledged;

    public AudioLedger(long maxRetainedSamples) {
        this(maxRetainedSamples, 0);
    }

    /**
     * A ledger whose audio before {@code sample} is acknowledged and gone: a session rebuilt on
     * another gateway (H33) goes on from the end of its last journaled final.
     */
    public AudioLedger(long maxRetainedSamples, long sample) {
        if (maxRetainedSamples < 1) {
            throw new IllegalArgumentException("maxRetainedSamples must be at least 1");
        }
        if (sample < 0) {
            throw new IllegalArgumentException("sample must not be negative");
        }
        this.maxRetainedSamples = maxRetainedSamples;
        this.received = sample;
        this.acknowledged = sample;
    }

    /**
     * Keeps an accepted chunk (chunks arrive contiguous, in order). Returns how many
     * unacknowledged samples had to be released to stay within the bound (0 normally).
     */
    public long retain(PcmChunk chunk) {
        if (chunk.startSample() != received) {
            throw new IllegalArgumentException("chunk at " + chunk.startSample() + " but " + received + " received");
        }
        received = chunk.span().end();
        retained.addLast(chunk);
        retainedSamples += chunk.sampleCount();
        long released = 0;
        while (retainedSamples > maxRetainedSamples && retained.size() > 1) {
            PcmChunk oldest = retained.removeFirst();
            long unacknowledged = oldest.span().end() - Math.max(oldest.startSample(), acknowledged);
            retainedSamples -= oldest.sampleCount();
            released += Math.max(0, unacknowledged);
            acknowledged = Math.max(acknowledged, oldest.span().end());
        }
        releasedUnacknowledged += released;
        return released;
    }

    /** Final results now cover the audio before {@code sample}; it need not be replayed any more. */
    public void acknowledgeThrough(long sample) {
        if (sample <= acknowledged) {
            return;
        }
        acknowledged = Math.min(sample, received);
        while (!retained.isEmpty() && retained.peekFirst().span().end() <= acknowledged) {
            retainedSamples -= retained.removeFirst().sampleCount();
        }
    }

    /** The retained audio from {@code sample} on, oldest first, the first chunk cut at {@code sample}. */
    public List<PcmChunk> retainedFrom(long sample) {
        List<PcmChunk> replay = new ArrayList<>();
        for (PcmChunk chunk : retained) {
            if (chunk.span().end() > sample) {
                replay.add(chunk.from(sample));
            }
        }
        return replay;
    }

    /** Samples received from the client so far (the session's audio clock). */
    public long received() {
        return received;
    }

    /** The acknowledged watermark: audio before it is covered by finals (or was released at the bound). */
    public long acknowledged() {
        return acknowledged;
    }

    public long retainedSamples() {
        return retainedSamples;
    }

    /** Unacknowledged samples released at the bound since the session started. */
    public long releasedUnacknowledged() {
        return releasedUnacknowledged;
    }
}
