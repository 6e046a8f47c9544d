package dev.hark.application.port.inbound;

/**
 * The client's socket closed or failed without {@code close_stream}. Called from close and
 * error callbacks alike, stamped like every other event, so a late close of a replaced
 * socket changes nothing.
 */
public interface ClientGoneUseCase {

    Routing clientGone(StreamHandle handle);
}
