package dev.hark.application.port.inbound;

import dev.hark.domain.error.ErrorCode;
import java.util.Objects;

/** Why a client's socket went away without {@code close_stream}; decides whether its session waits for a resume. */
public sealed interface ClientDeparture {

    /** The connection closed, failed or timed out: the session detaches and waits for a resume (H15). */
    record Dropped() implements ClientDeparture {
    }

    /**
     * The server closed the connection because the client broke the protocol (a message over the
     * transport cap, bad framing or payload): the session ends at once and cannot be resumed.
     *
     * @param reason the error code counted for it ({@code hark.rejections.<code>})
     */
    record Violated(ErrorCode reason, String detail) implements ClientDeparture {

        public Violated {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    ClientDeparture DROPPED = new Dropped();
}
