package dev.hark.infrastructure.inbound.websocket;

/** A client text frame, decoded. Bad frames are values too, so parsing never throws. */
sealed interface ControlMessage {

    record Finalize() implements ControlMessage {
    }

    record CloseStream() implements ControlMessage {
    }

    record KeepAlive() implements ControlMessage {
    }

    /** Not JSON, not an object, or no string {@code type}. */
    record Malformed(String reason) implements ControlMessage {
    }

    /** Well-formed, but a {@code type} this protocol version does not define. */
    record Unknown(String type) implements ControlMessage {
    }
}
