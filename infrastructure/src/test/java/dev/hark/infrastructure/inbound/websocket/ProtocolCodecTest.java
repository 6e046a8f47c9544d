package dev.hark.infrastructure.inbound.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
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

    /** The streaming encoder replaced Jackson's tree model: every message type, byte for byte the same JSON. */
    @Test
    void writesTheSameBytesAsTheTreeModel_forEveryKindOfMessage() {
        Clock fixed = Clock.fixed(Instant.parse("2026-05-04T10:15:00.250Z"), ZoneOffset.UTC);
        ProtocolCodec streaming = new ProtocolCodec(mapper, fixed);
        TreeModelEncoder tree = new TreeModelEncoder(mapper, fixed);
        AudioFormat narrow = AudioFormat.linear16Mono(8_000);
        List<Word> words = List.of(
                new Word("the", new SampleSpan(3_200, 7_200), 0.93),
                new Word("caf\u00e9", new SampleSpan(7_200, 11_201), 0.9999),
                new Word("\"quoted\"\\path", new SampleSpan(11_201, 15_000), 0.0),
                new Word("\u65e5\u672c \ud83d\ude00", new SampleSpan(15_000, 19_333), 1.0));
        List<ServerMessage> messages = List.of(
                new ServerMessage.SessionStarted(new SessionId("sess_0001-abc"), new ResumeToken("tok_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), new Generation(1)),
                new ServerMessage.SessionResumed(new SessionId("sess_0001-abc"), new Generation(7), new ResumeToken("tok_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"),
                        123_457, PCM16K),
                new ServerMessage.SessionResumed(new SessionId("sess_0001-abc"), new Generation(2), new ResumeToken("tok_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"), 0,
                        narrow),
                new ServerMessage.TranscriptUpdate(new Transcript(42, Hypothesis.finalResult("samples 3200-3520",
                        new SampleSpan(3_200, 3_520), List.of())), PCM16K, 3_840),
                new ServerMessage.TranscriptUpdate(new Transcript(43, Hypothesis.speechFinal(
                        "the caf\u00e9 \"quoted\"\\path\n\ttab \u0001 \u65e5\u672c \ud83d\ude00 </script>",
                        new SampleSpan(3_200, 19_333), words)), PCM16K, 20_000),
                new ServerMessage.TranscriptUpdate(new Transcript(1, Hypothesis.interim("", new SampleSpan(0, 1),
                        List.of())), narrow, 0),
                new ServerMessage.TranscriptUpdate(new Transcript(Long.MAX_VALUE, Hypothesis.finalResult("x",
                        new SampleSpan(9_999_999_999L, 10_000_000_000L), words)), narrow, 1_234_567_891L),
                new ServerMessage.SpeechEventNotice(new SpeechEvent.SpeechStarted(24_000), PCM16K),
                new ServerMessage.SpeechEventNotice(new SpeechEvent.UtteranceEnded(40_008), narrow),
                new ServerMessage.ErrorNotice(ClientError.of(ErrorCode.MALFORMED_MESSAGE, "bad \"json\" \u00e9")),
                new ServerMessage.ErrorNotice(ClientError.retryable(ErrorCode.CAPACITY_EXHAUSTED, "busy",
                        Duration.ofMillis(1_500))),
                new ServerMessage.SessionClosed("client closed the stream"),
                new ServerMessage.ServerDraining(Duration.ofMillis(29_750)));

        for (ServerMessage message : messages) {
            assertThat(streaming.encode(message)).as(message.toString()).isEqualTo(tree.encode(message));
        }
    }

    private JsonNode encode(ServerMessage message) throws Exception {
        return mapper.readTree(codec.encode(message));
    }
}
