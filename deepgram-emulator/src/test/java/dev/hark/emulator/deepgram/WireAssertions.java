package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Checks messages against the shapes in deepgram-protocol.md §3 and §7. */
final class WireAssertions {

    private WireAssertions() {
    }

    /** Every field §7 requires of Results, present, typed, and no null anywhere in the message. */
    static void assertResultsShape(JsonNode results) {
        assertNoNulls(results, "$");
        assertThat(results.path("type").asText()).isEqualTo("Results");
        assertThat(results.path("channel_index").toString()).isEqualTo("[0,1]");
        assertThat(results.path("duration").isNumber()).as("duration in %s", results).isTrue();
        assertThat(results.path("start").isNumber()).as("start in %s", results).isTrue();
        assertThat(results.path("is_final").isBoolean()).as("is_final in %s", results).isTrue();
        assertThat(results.path("speech_final").isBoolean()).as("speech_final in %s", results).isTrue();
        assertThat(results.path("from_finalize").isBoolean()).as("from_finalize in %s", results).isTrue();
        JsonNode alternative = results.path("channel").path("alternatives").path(0);
        assertThat(alternative.path("transcript").isTextual()).as("transcript in %s", results).isTrue();
        assertThat(alternative.path("confidence").isNumber()).as("confidence in %s", results).isTrue();
        assertThat(alternative.path("words").isArray()).as("words in %s", results).isTrue();
        for (JsonNode word : alternative.path("words")) {
            assertThat(word.path("word").isTextual()).isTrue();
            assertThat(word.path("start").isNumber()).isTrue();
            assertThat(word.path("end").isNumber()).isTrue();
            assertThat(word.path("confidence").isNumber()).isTrue();
            assertThat(word.path("punctuated_word").isTextual()).isTrue();
        }
        JsonNode metadata = results.path("metadata");
        assertThat(metadata.path("request_id").isTextual()).isTrue();
        assertThat(metadata.path("model_info").path("name").isTextual()).isTrue();
        assertThat(metadata.path("model_info").path("version").isTextual()).isTrue();
        assertThat(metadata.path("model_info").path("arch").isTextual()).isTrue();
        assertThat(metadata.path("model_uuid").isTextual()).isTrue();
    }

    /** The seven fields the spec requires of Metadata, and no nulls. */
    static void assertMetadataShape(JsonNode metadata) {
        assertNoNulls(metadata, "$");
        assertThat(metadata.path("type").asText()).isEqualTo("Metadata");
        assertThat(metadata.path("transaction_key").asText()).isEqualTo("deprecated");
        assertThat(metadata.path("request_id").isTextual()).isTrue();
        assertThat(metadata.path("sha256").asText()).hasSize(64);
        assertThat(metadata.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(metadata.path("duration").isNumber()).isTrue();
        assertThat(metadata.path("channels").asInt()).isEqualTo(1);
    }

    static void assertNoNulls(JsonNode node, String path) {
        assertThat(node.isNull()).as("null at %s", path).isFalse();
        if (node.isObject()) {
            node.properties().forEach(entry -> assertNoNulls(entry.getValue(), path + "." + entry.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertNoNulls(node.get(i), path + "[" + i + "]");
            }
        }
    }

    static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(event -> type.equals(event.path("type").asText())).toList();
    }

    static List<JsonNode> finals(List<JsonNode> events) {
        return ofType(events, "Results").stream().filter(event -> event.path("is_final").asBoolean()).toList();
    }

    /** The words of these Results, in order, joined by spaces. */
    static String words(List<JsonNode> results) {
        return results.stream()
                .flatMap(result -> StreamSupport.stream(
                        result.path("channel").path("alternatives").path(0).path("words").spliterator(), false))
                .map(word -> word.path("word").asText())
                .collect(Collectors.joining(" "));
    }

    static String transcript(JsonNode results) {
        return results.path("channel").path("alternatives").path(0).path("transcript").asText();
    }

    static int indexOfType(List<JsonNode> events, String type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.equals(events.get(i).path("type").asText())) {
                return i;
            }
        }
        return -1;
    }

    static Map<String, Long> countByType(List<JsonNode> events) {
        return events.stream().collect(Collectors.groupingBy(event -> event.path("type").asText(),
                Collectors.counting()));
    }
}
