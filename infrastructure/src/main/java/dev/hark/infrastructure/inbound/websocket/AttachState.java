package dev.hark.infrastructure.inbound.websocket;

import dev.hark.application.port.inbound.ClientDeparture;
import dev.hark.application.port.inbound.StreamHandle;
import java.util.Objects;

/**
 * Where one socket stands with its session. Jetty's close, error and idle-timeout callbacks and
 * the completion of an off-thread resume decision race each other, so the endpoint moves this
 * by compare-and-set: whichever of "attached" and "gone" happens second reports the departure,
 * exactly once, with the handle the session knows (H26).
 */
sealed interface AttachState {

    /** The open or resume decision is not known yet; nothing to report to. */
    record Deciding() implements AttachState {
    }

    /** The socket went away while the decision was pending; reported as soon as the handle exists. */
    record GoneWhileDeciding(ClientDeparture departure) implements AttachState {

        public GoneWhileDeciding {
            Objects.requireNonNull(departure, "departure");
        }
    }

    /** The session accepted this socket as {@code handle}; its messages are stamped with it. */
    record Attached(StreamHandle handle) implements AttachState {

        public Attached {
            Objects.requireNonNull(handle, "handle");
        }
    }

    /** The session has been told this socket went away; late messages are still stamped (and found stale). */
    record Reported(StreamHandle handle) implements AttachState {

        public Reported {
            Objects.requireNonNull(handle, "handle");
        }
    }

    /** The session refused this socket (or deciding failed); there is nothing to report. */
    record Refused() implements AttachState {
    }
}
