package dev.hark.emulator.deepgram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The client's text frames (deepgram-protocol.md §2.2); anything else is {@link #OTHER} and ignored. */
enum ControlMessage {
    KEEP_ALIVE, FINALIZE, CLOSE_STREAM, OTHER;

    static ControlMessage parse(ObjectMapper json, String text) {
        try {
            JsonNode type = json.readTree(text).path("type");
            return switch (type.asText("")) {
                case "KeepAlive" -> KEEP_ALIVE;
                case "Finalize" -> FINALIZE;
                case "CloseStream" -> CLOSE_STREAM;
                default -> OTHER;
            };
        } catch (JsonProcessingException e) {
            return OTHER;
        }
    }
}
