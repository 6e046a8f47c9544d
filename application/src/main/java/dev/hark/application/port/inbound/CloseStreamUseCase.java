package dev.hark.application.port.inbound;

/**
 * The client's {@code close_stream}: no more audio; send the remaining finals, then
 * {@code session.closed} and a normal close.
 */
public interface CloseStreamUseCase {

    default Routing closeStream(StreamHandle handle) {
        return closeStream(handle, () -> { });
    }

    /** As {@link PushAudioUseCase#pushAudio(StreamHandle, byte[], Runnable)}: {@code readNext} runs once the session took it. */
    Routing closeStream(StreamHandle handle, Runnable readNext);
}
