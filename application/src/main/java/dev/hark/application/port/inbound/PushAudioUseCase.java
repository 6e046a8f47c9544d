package dev.hark.application.port.inbound;

/** Hands a binary frame of client audio to its session. */
public interface PushAudioUseCase {

    /**
     * Queues {@code pcm} (ownership passes to Hark: the caller must not reuse the array) for
     * the session. Frames are processed in call order. Never blocks on recognition; refusals
     * reach the client as error messages.
     */
    default Routing pushAudio(StreamHandle handle, byte[] pcm) {
        return pushAudio(handle, pcm, () -> { });
    }

    /**
     * As above, with flow control (H24). When the result is {@link Routing#QUEUED} the caller must
     * not read the client's next message itself: the session runs {@code readNext} (on its lane)
     * once it has taken this frame, so each socket has at most one message waiting in its session.
     * While the recognizer is more than {@code sessions.maxRecognizerBacklog} behind, the session
     * holds {@code readNext} back until the recognizer has worked off half of that, at the latest
     * until the session ends; so a slow recognizer slows the client instead of growing memory.
     */
    Routing pushAudio(StreamHandle handle, byte[] pcm, Runnable readNext);
}
