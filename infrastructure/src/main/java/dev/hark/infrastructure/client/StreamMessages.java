package dev.hark.infrastructure.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.infrastructure.client.StreamEvent.ServerError;
import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionResumed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import dev.hark.infrastructure.client.StreamEvent.Transcript;
import dev.hark.infrastructure.client.StreamEvent.WordTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The v1 wire format as the client sees it. Unknown message types decode to empty rather than
 * failing, so a newer server can add messages without breaking older clients.
 */
public final class StreamMessages {

    public static final String FINALIZE = "{\"type\":\"finalize\"}";
    public static final String CLOSE_STREAM = "{\"type\":\"close_stream\"}";
    public static final String KEEPALIVE = "{\"type\":\"keepalive\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamMessages() {
    }

    /** Decodes one text frame; fails with {@code protocol} when it isn't a v1 message. */
    public static Optional<StreamEvent> decode(String text) {
        JsonNode node = parse(text);
        return switch (node.path("type").asText("")) {
            case "session.started" -> Optional.of(new SessionStarted(
                    required(node, "session_id"), required(node, "resume_token"), node.path("generation").asLong(1)));
            case "session.resumed" -> Optional.of(resumed(node));
            case "transcript" -> Optional.of(transcript(node));
            case "error" -> Optional.of(new ServerError(node.path("code").asText("unknown"),
                    node.path("message").asText(""), Duration.ofMillis(node.path("retry_after_ms").asLong(0))));
            case "session.closed" -> Optional.of(new SessionClosed(node.path("reason").asText("")));
            case "server.draining" -> Optional.of(new StreamEvent.ServerDraining(
                    Duration.ofMillis(Math.max(0, node.path("remaining_ms").asLong(0)))));
            case "" -> throw protocol("message without a type: " + text);
            default -> Optional.empty();
        };
    }

    private static SessionResumed resumed(JsonNode node) {
        JsonNode seconds = node.get("audio_end");
        JsonNode samples = node.get("audio_end_samples");
        boolean exact = samples != null && samples.canConvertToExactIntegral() && samples.asLong(-1) >= 0;
        if (!exact && (seconds == null || !seconds.isNumber() || seconds.asDouble() < 0)) {
            throw protocol("session.resumed without audio_end");
        }
        long audioEndSamples = exact ? samples.asLong() : SessionResumed.UNKNOWN_SAMPLES;
        return new SessionResumed(required(node, "session_id"), required(node, "resume_token"),
                node.path("generation").asLong(1), Math.max(0, node.path("audio_end").asDouble(0)), audioEndSamples);
    }

    private static Transcript transcript(JsonNode node) {
        List<WordTiming> words = new ArrayList<>();
        for (JsonNode word : node.path("words")) {
            words.add(new WordTiming(word.path("word").asText(""), word.path("start").asDouble(),
                    word.path("end").asDouble(), word.path("confidence").asDouble()));
        }
        return new Transcript(node.path("seq").asLong(), node.path("is_final").asBoolean(),
                node.path("text").asText(""), node.path("start").asDouble(), node.path("end").asDouble(), words);
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw protocol("not a JSON object: " + text);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw protocol("not JSON: " + text);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw protocol(node.path("type").asText() + " without " + field);
        }
        return value.asText();
    }

    private static HarkStreamException protocol(String message) {
        return new HarkStreamException("protocol", "unexpected message from server: " + message);
    }
}
