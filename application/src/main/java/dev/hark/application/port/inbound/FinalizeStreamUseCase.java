package dev.hark.application.port.inbound;

/** The client's {@code finalize}: flush what was heard into finals, keep the stream open. */
public interface FinalizeStreamUseCase {

    Routing finalizeStream(StreamHandle handle);
}
