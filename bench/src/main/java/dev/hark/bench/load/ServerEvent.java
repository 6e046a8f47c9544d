package dev.hark.bench.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The server messages the generator cares about, read with Jackson's streaming parser (a tree
 * per message would cost the generator CPU the server under test shares). Anything else is
 * {@link Other}; unparseable text is {@link Malformed}.
 */
public sealed interface ServerEvent {

    /** {@code session.started} or {@code session.resumed}. */
    record Started() implements ServerEvent {
    }

    /** A final transcript covering samples {@code [start, end)} of the session. */
    record Final(long start, long end) implements ServerEvent {
    }

    record Closed(String reason) implements ServerEvent {
    }

    record Error(String code) implements ServerEvent {
    }

    /** Interims and message types the generator ignores. */
    record Other(String type) implements ServerEvent {
    }

    record Malformed(String text) implements ServerEvent {
    }

    /**
     * Reads one text message. A final's range comes from its text ({@code "samples S-E"}, what
     * the echo provider and the relay send); a final without such text falls back to its
     * {@code start}/{@code end} seconds at {@code sampleRate}.
     */
    static ServerEvent parse(String json, int sampleRate) {
        try (JsonParser parser = EventFields.JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Malformed(json);
            }
            EventFields fields = new EventFields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                fields.take(name, parser);
            }
            return fields.toEvent(json, sampleRate);
        } catch (IOException | RuntimeException e) {
            return new Malformed(json);
        }
    }
}
