package dev.hark.infrastructure.inbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * deepgram-protocol.md §7: every {@code Results} carries every field Deepgram's SDKs require,
 * with the right JSON type and never {@code null} (the Java SDK drops such a message), whatever
 * the hypotheses, in whatever order they come; finals tile the audio clock.
 */
class ResultsEncoderProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 300)
    void everyResultsHasEveryRequiredField(@ForAll("hypotheses") List<Hypothesis> hypotheses,
                                           @ForAll boolean endpointing) throws Exception {
        ResultsEncoder encoder = new ResultsEncoder(JSON, "request-1", ModelIdentity.of(""), 16_000, endpointing);
        double finalsEnd = 0;
        for (Hypothesis hypothesis : hypotheses) {
            JsonNode results = JSON.readTree(encoder.results(hypothesis));

            assertThat(results.path("type").asText()).isEqualTo("Results");
            assertThat(results.path("channel_index").isArray()).isTrue();
            assertThat(results.path("channel_index")).hasSize(2).allMatch(JsonNode::isInt);
            for (String number : List.of("duration", "start")) {
                assertThat(results.path(number).isNumber()).as(number).isTrue();
                assertThat(results.path(number).asDouble()).as(number).isGreaterThanOrEqualTo(0);
            }
            for (String flag : List.of("is_final", "speech_final", "from_finalize")) {
                assertThat(results.path(flag).isBoolean()).as(flag).isTrue();
            }
            JsonNode alternative = results.path("channel").path("alternatives").path(0);
            assertThat(alternative.path("transcript").isTextual()).isTrue();
            assertThat(alternative.path("confidence").isNumber()).isTrue();
            assertThat(alternative.path("words").isArray()).isTrue();
            for (JsonNode word : alternative.path("words")) {
                assertThat(word.path("word").isTextual() && word.path("punctuated_word").isTextual()).isTrue();
                assertThat(word.path("start").isNumber() && word.path("end").isNumber()
                        && word.path("confidence").isNumber()).isTrue();
            }
            JsonNode metadata = results.path("metadata");
            assertThat(metadata.path("request_id").isTextual() && metadata.path("model_uuid").isTextual()).isTrue();
            for (String field : List.of("name", "version", "arch")) {
                assertThat(metadata.path("model_info").path(field).isTextual()).as("model_info.%s", field).isTrue();
            }
            assertThat(results.toString()).doesNotContain("null");
            assertThat(results.path("speech_final").asBoolean()).isEqualTo(endpointing && hypothesis.speechFinal());
            assertThat(results.path("from_finalize").asBoolean()).isEqualTo(hypothesis.fromFinalize());
            if (hypothesis.isFinal()) {
                assertThat(results.path("start").asDouble()).as("finals tile the clock").isEqualTo(finalsEnd);
                finalsEnd = Math.round((results.path("start").asDouble() + results.path("duration").asDouble()) * 1000)
                        / 1000.0;
            }
        }
        JsonNode metadata = JSON.readTree(encoder.metadata(Instant.EPOCH, 48_000, "abc", 1));
        for (String field : List.of("type", "transaction_key", "request_id", "sha256", "created", "duration", "channels")) {
            assertThat(metadata.hasNonNull(field)).as("Metadata.%s", field).isTrue();
        }
    }

    @Provide
    Arbitrary<List<Hypothesis>> hypotheses() {
        Arbitrary<Hypothesis> one = Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.longs().between(0, 500_000),
                Arbitraries.longs().between(0, 100_000),
                Arbitraries.strings().ofMaxLength(12).list().ofMaxSize(6),
                Arbitraries.doubles().between(0, 1)).as(ResultsEncoderProperties::hypothesis);
        return one.list().ofMaxSize(12);
    }

    /** kind: 0 interim, 1 final, 2 speech-final; a final is from a finalize when its start is odd. */
    private static Hypothesis hypothesis(int kind, long start, long length, List<String> texts, double confidence) {
        SampleSpan span = new SampleSpan(start, start + length);
        List<Word> words = new ArrayList<>();
        long step = Math.max(1, length / Math.max(1, texts.size()));
        for (int i = 0; i < texts.size(); i++) {
            long wordStart = Math.min(span.end(), start + i * step);
            words.add(new Word(texts.get(i), new SampleSpan(wordStart, Math.min(span.end(), wordStart + step)),
                    confidence));
        }
        boolean isFinal = kind > 0;
        return new Hypothesis(isFinal, String.join(" ", texts), span, words, kind == 2, isFinal && start % 2 == 1);
    }
}
