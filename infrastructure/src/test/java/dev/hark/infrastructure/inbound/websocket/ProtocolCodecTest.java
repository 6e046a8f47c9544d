package dev.hark.infrastructure.inbound.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import dev.hark.domain.transcript.Word;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The additions to the v1 wire contract: speech_final on transcripts, speech_started and utterance_end. */
class ProtocolCodecTest {

    private static final AudioFormat PCM16K = AudioFormat.linear16Mono(16_000);

    private final ObjectMapper mapper = new ObjectMapper();
    private final ProtocolCodec codec = new ProtocolCodec(mapper);

    @Test
    void datesTheDrainDeadlineOnTheWallClockWhenWritten() throws Exception {
        ProtocolCodec dated = new ProtocolCodec(mapper,
                Clock.fixed(Instant.parse("2026-05-04T10:15:00.250Z"), ZoneOffset.UTC));

        JsonNode json = mapper.readTree(dated.encode(new ServerMessage.ServerDraining(Duration.ofMillis(29_750))));

        assertThat(json.get("type").asText()).isEqualTo("server.draining");
        assertThat(json.get("remaining_ms").asLong()).isEqualTo(29_750);
        assertThat(json.get("deadline").asText()).isEqualTo("2026-05-04T10:15:30Z");
    }

    @Test
    void marksTheFinalThatEndsAnUtterance() throws Exception {
        Hypothesis ended = Hypothesis.speechFinal("good morning", new SampleSpan(16_000, 32_000),
                List.of(new Word("good", new SampleSpan(16_000, 24_000), 0.9)));
        Hypothesis cut = Hypothesis.finalResult("good", new SampleSpan(16_000, 24_000), List.of());

        JsonNode endedJson = encode(new ServerMessage.TranscriptUpdate(new Transcript(1, ended), PCM16K, 32_000));
        JsonNode cutJson = encode(new ServerMessage.TranscriptUpdate(new Transcript(2, cut), PCM16K, 32_000));

        assertThat(endedJson.get("speech_final").asBoolean()).isTrue();
        assertThat(endedJson.get("is_final").asBoolean()).isTrue();
        assertThat(cutJson.get("speech_final").asBoolean()).isFalse();
    }

    @Test
    void encodesSpeechEventsInSecondsOnTheAudioClock() throws Exception {
        JsonNode started = encode(new ServerMessage.SpeechEventNotice(new SpeechEvent.SpeechStarted(24_000), PCM16K));
        JsonNode ended = encode(new ServerMessage.SpeechEventNotice(new SpeechEvent.UtteranceEnded(40_008), PCM16K));

        assertThat(started.get("type").asText()).isEqualTo("speech_started");
        assertThat(started.get("timestamp").asDouble()).isEqualTo(1.5);
        assertThat(ended.get("type").asText()).isEqualTo("utterance_end");
        assertThat(ended.get("last_word_end").asDouble()).isEqualTo(2.501);
    }

    @Test
    void speechEventsAreOptIn_viaVadEvents() {
        StreamQuery.Parsed plain = StreamQuery.parse(java.util.Map.of(), 65_536);
        StreamQuery.Parsed asked = StreamQuery.parse(java.util.Map.of("vad_events", List.of("true")), 65_536);
        StreamQuery.Parsed bad = StreamQuery.parse(java.util.Map.of("vad_events", List.of("yes")), 65_536);

        assertThat(((StreamQuery.Parsed.Valid) plain).options().speechEvents()).isFalse();
        assertThat(((StreamQuery.Parsed.Valid) asked).options().speechEvents()).isTrue();
        assertThat(bad).isInstanceOf(StreamQuery.Parsed.Invalid.class);
    }

    private JsonNode encode(ServerMessage message) throws Exception {
        return mapper.readTree(codec.encode(message));
    }
}
