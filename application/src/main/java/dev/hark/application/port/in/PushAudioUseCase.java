package dev.hark.application.port.in;

/** Hands a binary frame of client audio to its session. */
public interface PushAudioUseCase {

    /**
     * Queues {@code pcm} (ownership passes to Hark: the caller must not reuse the array) for
     * the session. Frames are processed in call order. Never blocks on recognition; refusals
     * reach the client as error messages.
     */
    Routing pushAudio(StreamHandle handle, byte[] pcm);
}
