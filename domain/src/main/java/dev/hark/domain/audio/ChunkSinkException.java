package dev.hark.domain.audio;

/**
 * The {@link ChunkSink} threw while a {@link Chunker} was flushing. The refused audio is still
 * buffered and will be offered again at the next flush. When it escapes from
 * {@link Chunker#offer}, the offered chunk <em>was</em> accepted: do not offer it again.
 */
public final class ChunkSinkException extends RuntimeException {

    private final SampleSpan refused;

    ChunkSinkException(SampleSpan refused, RuntimeException cause) {
        super("sink refused " + refused + "; audio kept buffered for the next flush", cause);
        this.refused = refused;
    }

    /** The span the sink refused (still buffered). */
    public SampleSpan refused() {
        return refused;
    }
}
