package dev.hark.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/** The top-level fields of one server message, read so far by {@link ServerEvent#parse}. */
final class EventFields {

    /** Thread-safe and reused: parsers are cheap, factories are not. */
    static final JsonFactory JSON = new JsonFactory();

    private String type = "";
    private boolean isFinal;
    private String text;
    private double start = -1;
    private double end = -1;
    private String code = "";
    private String reason = "";

    void take(String name, JsonParser parser) throws IOException {
        switch (name) {
            case "type" -> type = parser.getValueAsString("");
            case "is_final" -> isFinal = parser.getValueAsBoolean();
            case "text" -> text = parser.getValueAsString();
            case "start" -> start = parser.getValueAsDouble(-1);
            case "end" -> end = parser.getValueAsDouble(-1);
            case "code" -> code = parser.getValueAsString("");
            case "reason" -> reason = parser.getValueAsString("");
            default -> { }
        }
    }

    ServerEvent toEvent(String json, int sampleRate) {
        return switch (type) {
            case "session.started", "session.resumed" -> new ServerEvent.Started();
            case "session.closed" -> new ServerEvent.Closed(reason);
            case "error" -> new ServerEvent.Error(code);
            case "transcript" -> isFinal ? finalRange(json, sampleRate) : new ServerEvent.Other(type);
            default -> new ServerEvent.Other(type);
        };
    }

    private ServerEvent finalRange(String json, int sampleRate) {
        if (text != null && text.startsWith("samples ")) {
            int dash = text.indexOf('-', 8);
            if (dash > 8) {
                try {
                    return new ServerEvent.Final(Long.parseLong(text, 8, dash, 10),
                            Long.parseLong(text, dash + 1, text.length(), 10));
                } catch (NumberFormatException e) {
                    return new ServerEvent.Malformed(json);
                }
            }
        }
        if (start < 0 || end < start) {
            return new ServerEvent.Malformed(json);
        }
        return new ServerEvent.Final(Math.round(start * sampleRate), Math.round(end * sampleRate));
    }
}
