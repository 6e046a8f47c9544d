package dev.hark.application.port.inbound;

/**
 * The client's {@code close_stream}: no more audio; send the remaining finals, then
 * {@code session.closed} and a normal close.
 */
public interface CloseStreamUseCase {

    Routing closeStream(StreamHandle handle);
}
