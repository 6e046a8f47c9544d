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
     * As above, with backpressure (H24). Normally returns {@link Routing#QUEUED}: read on at once
     * (on the caller's I/O thread). While the recognizer is more than
     * {@code sessions.maxRecognizerBacklog} behind, returns {@link Routing#QUEUED_READ_HELD}: the
     * caller must not read on; the session runs {@code readNext} (on its lane) once the
     * recognizer has worked off half of that, at the latest when the session ends. So a slow
     * recognizer slows the client instead of growing memory; at most one frame per socket is
     * read past the moment the session decides to hold.
     */
    Routing pushAudio(StreamHandle handle, byte[] pcm, Runnable readNext);
}
