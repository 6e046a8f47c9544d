package dev.hark.infrastructure.inbound.deepgram;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Deepgram client's text message (deepgram-protocol.md §2), by its {@code type}. Anything that
 * is not one of Deepgram's three, including text that is not JSON, is {@link #UNKNOWN} and ignored,
 * as Deepgram does.
 */
enum ListenControl {
    FINALIZE, CLOSE_STREAM, KEEP_ALIVE, UNKNOWN;

    static ListenControl of(ObjectMapper json, String text) {
        String type;
        try {
            type = json.readTree(text).path("type").asText("");
        } catch (JacksonException e) {
            return UNKNOWN;
        }
        return switch (type) {
            case "Finalize" -> FINALIZE;
            case "CloseStream" -> CLOSE_STREAM;
            case "KeepAlive" -> KEEP_ALIVE;
            default -> UNKNOWN;
        };
    }
}
