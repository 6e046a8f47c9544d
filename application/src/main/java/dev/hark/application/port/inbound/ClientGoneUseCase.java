package dev.hark.application.port.inbound;

/**
 * The client's socket closed or failed without {@code close_stream}. Called from close and
 * error callbacks alike, stamped like every other event, so a late close of a replaced
 * socket changes nothing.
 */
public interface ClientGoneUseCase {

    /** The connection dropped: the session detaches and waits for a resume. */
    default Routing clientGone(StreamHandle handle) {
        return clientGone(handle, ClientDeparture.DROPPED);
    }

    /** The socket went away for {@code departure}: a drop detaches, a protocol violation ends the session. */
    Routing clientGone(StreamHandle handle, ClientDeparture departure);
}
