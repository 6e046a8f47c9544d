package dev.hark.application.port.outbound.store;

/** A client's control message that the worker must see in order with the audio. */
public enum AudioMark {
    /** Finish the current utterance now ({@code finalize}). */
    FINALIZE,
    /** No more audio will come ({@code close_stream}); the session moves to {@link SessionPhase#CLOSING}. */
    CLOSE
}
