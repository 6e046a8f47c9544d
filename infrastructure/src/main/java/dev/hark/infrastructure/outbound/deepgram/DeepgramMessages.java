package dev.hark.infrastructure.outbound.deepgram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Metadata;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.ResultWord;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Results;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.SpeechStarted;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Unrecognized;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.UtteranceEnd;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Deepgram's JSON text frames, and writes the three control messages Hark sends. Reading
 * walks the tree instead of binding classes, so a field Deepgram adds, drops or sets to
 * {@code null} never makes a whole message unreadable (the Java SDK drops such messages).
 */
final class DeepgramMessages {

    static final String KEEP_ALIVE = "{\"type\":\"KeepAlive\"}";
    static final String FINALIZE = "{\"type\":\"Finalize\"}";
    static final String CLOSE_STREAM = "{\"type\":\"CloseStream\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeepgramMessages() {
    }

    /** @throws JsonProcessingException when {@code text} is not JSON (a JSON non-object is {@link Unrecognized}) */
    static DeepgramEvent parse(String text) throws JsonProcessingException {
        JsonNode message = JSON.readTree(text);
        String type = message.path("type").asText("");
        return switch (type) {
            case "Results" -> results(message);
            case "SpeechStarted" -> new SpeechStarted(message.path("timestamp").asDouble(0));
            case "UtteranceEnd" -> new UtteranceEnd(message.path("last_word_end").asDouble(0));
            case "Metadata" -> new Metadata(message.path("request_id").asText(""), message.path("duration").asDouble(0));
            default -> new Unrecognized(type);
        };
    }

    private static Results results(JsonNode message) {
        JsonNode alternative = message.path("channel").path("alternatives").path(0);
        List<ResultWord> words = new ArrayList<>();
        for (JsonNode word : alternative.path("words")) {
            words.add(new ResultWord(word.path("word").asText(""), word.path("punctuated_word").asText(""),
                    word.path("start").asDouble(0), word.path("end").asDouble(0),
                    word.path("confidence").asDouble(0)));
        }
        return new Results(message.path("start").asDouble(0), message.path("duration").asDouble(0),
                message.path("is_final").asBoolean(false), message.path("speech_final").asBoolean(false),
                message.path("from_finalize").asBoolean(false), alternative.path("transcript").asText(""), words);
    }
}
