package dev.hark.emulator.deepgram;

import dev.hark.infrastructure.inbound.deepgram.ListenWire;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Word;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireMessages wire = new WireMessages(JSON, "req-1", ModelIdentity.of("hark-emulator", "nova-3"),
            16_000);

    @Test
    void writesResultsWithEveryRequiredFieldAndNoNulls() throws Exception {
        List<Word> words = List.of(new Word("tell", new SampleSpan(97_120, 101_600), 0.99),
                new Word("me", new SampleSpan(101_600, 104_000), 0.95));

        JsonNode results = JSON.readTree(wire.encode(
                new Emission.Transcript(95_840, 127_520, true, true, false, words)));

        WireAssertions.assertResultsShape(results);
        assertThat(results.path("start").asDouble()).isEqualTo(5.99);
        assertThat(results.path("duration").asDouble()).isEqualTo(1.98);
        assertThat(results.path("is_final").asBoolean()).isTrue();
        assertThat(results.path("speech_final").asBoolean()).isTrue();
        assertThat(results.path("from_finalize").asBoolean()).isFalse();
        JsonNode alternative = results.path("channel").path("alternatives").path(0);
        assertThat(alternative.path("transcript").asText()).isEqualTo("tell me");
        assertThat(alternative.path("confidence").asDouble()).isEqualTo(0.97);
        assertThat(alternative.path("words").path(0).toString()).isEqualTo(
                "{\"word\":\"tell\",\"start\":6.07,\"end\":6.35,\"confidence\":0.99,\"punctuated_word\":\"tell\"}");
        assertThat(results.path("metadata").toString()).isEqualTo("{\"request_id\":\"req-1\",\"model_info\":"
                + "{\"name\":\"hark-emulator\",\"version\":\"emulator.1\",\"arch\":\"nova-3\"},\"model_uuid\":\""
                + ModelIdentity.of("hark-emulator", "nova-3").uuid() + "\"}");
    }

    @Test
    void writesAnEmptyResultWithZeroConfidence() throws Exception {
        JsonNode results = JSON.readTree(wire.encode(new Emission.Transcript(0, 17_280, false, false, false,
                List.of())));

        WireAssertions.assertResultsShape(results);
        assertThat(results.path("duration").asDouble()).isEqualTo(1.08);
        assertThat(results.path("channel").toString())
                .isEqualTo("{\"alternatives\":[{\"transcript\":\"\",\"confidence\":0.0,\"words\":[]}]}");
    }

    @Test
    void writesVoiceEventsWithTheirChannelPair() {
        assertThat(wire.encode(new Emission.SpeechStart(152_640)))
                .isEqualTo("{\"type\":\"SpeechStarted\",\"channel\":[0,1],\"timestamp\":9.54}");
        assertThat(wire.encode(new Emission.UtteranceEnd(38_320)))
                .isEqualTo("{\"type\":\"UtteranceEnd\",\"channel\":[0,1],\"last_word_end\":2.395}");
    }

    @Test
    void writesMetadataWithModels_onlyWhenAudioWasProcessed() throws Exception {
        Instant created = Instant.parse("2026-08-25T21:11:31.685912Z");

        JsonNode withAudio = JSON.readTree(wire.metadata(created, 708_159, "ab".repeat(32)));
        JsonNode withoutAudio = JSON.readTree(wire.metadata(created, 0,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));

        WireAssertions.assertMetadataShape(withAudio);
        assertThat(withAudio.path("created").asText()).isEqualTo("2026-08-25T21:11:31.685Z");
        assertThat(withAudio.path("duration").asDouble()).isEqualTo(44.26);
        String uuid = ModelIdentity.of("hark-emulator", "nova-3").uuid();
        assertThat(withAudio.path("models").toString()).isEqualTo("[\"" + uuid + "\"]");
        assertThat(withAudio.path("model_info").path(uuid).path("arch").asText()).isEqualTo("nova-3");
        WireAssertions.assertMetadataShape(withoutAudio);
        assertThat(withoutAudio.has("models")).isFalse();
        assertThat(withoutAudio.has("model_info")).isFalse();
        assertThat(withoutAudio.size()).isEqualTo(7);
    }

    @Test
    void writesTheErrorBodyInDeepgramsFieldNames() throws Exception {
        assertThat(JSON.writeValueAsString(new ListenWire.ErrorBody("INVALID_AUTH", "Invalid credentials.", "r")))
                .isEqualTo("{\"err_code\":\"INVALID_AUTH\",\"err_msg\":\"Invalid credentials.\",\"request_id\":\"r\"}");
    }
}
