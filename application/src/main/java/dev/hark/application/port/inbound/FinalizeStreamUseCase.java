package dev.hark.application.port.inbound;

/** The client's {@code finalize}: flush what was heard into finals, keep the stream open. */
public interface FinalizeStreamUseCase {

    default Routing finalizeStream(StreamHandle handle) {
        return finalizeStream(handle, () -> { });
    }

    /** As {@link PushAudioUseCase#pushAudio(StreamHandle, byte[], Runnable)}: {@code readNext} runs once the session took it. */
    Routing finalizeStream(StreamHandle handle, Runnable readNext);
}
