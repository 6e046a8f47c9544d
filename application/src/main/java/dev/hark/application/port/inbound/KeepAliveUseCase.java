package dev.hark.application.port.inbound;

/**
 * The client's {@code keepalive}. It changes nothing about the stream, but like any message it
 * proves the attachment works, which commits a resume's token rotation (H25).
 */
public interface KeepAliveUseCase {

    default Routing keepAlive(StreamHandle handle) {
        return keepAlive(handle, () -> { });
    }

    /** As {@link PushAudioUseCase#pushAudio(StreamHandle, byte[], Runnable)}: {@code readNext} runs once the session took it. */
    Routing keepAlive(StreamHandle handle, Runnable readNext);
}
