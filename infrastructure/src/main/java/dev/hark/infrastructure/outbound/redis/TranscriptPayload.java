package dev.hark.infrastructure.outbound.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A hypothesis's text and words as the outbox stores them (compact JSON); its span travels in
 * the entry's own fields because the functions check it.
 */
final class TranscriptPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TranscriptPayload() {
    }

    static byte[] encode(Hypothesis hypothesis) {
        ObjectNode node = JSON.createObjectNode();
        node.put("text", hypothesis.text());
        node.put("speechFinal", hypothesis.speechFinal());
        ArrayNode words = node.putArray("words");
        for (Word word : hypothesis.words()) {
            words.addObject().put("w", word.text()).put("s", word.span().start()).put("e", word.span().end())
                    .put("c", word.confidence());
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Hypothesis decode(byte[] payload, boolean isFinal, SampleSpan span) {
        try {
            JsonNode node = JSON.readTree(payload);
            List<Word> words = new ArrayList<>();
            for (JsonNode word : node.path("words")) {
                words.add(new Word(word.path("w").asText(), new SampleSpan(word.path("s").asLong(), word.path("e").asLong()),
                        word.path("c").asDouble()));
            }
            return new Hypothesis(isFinal, node.path("text").asText(), span, words,
                    isFinal && node.path("speechFinal").asBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
