package dev.hark.infrastructure.inbound.websocket;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import dev.hark.domain.transcript.Word;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * JSON encoding of protocol v1 (docs/protocol.md). Times go out as seconds on the session's
 * audio clock, rounded to the millisecond; they are computed from sample offsets, never read
 * from a wall clock. The one timestamp is {@code server.draining}'s {@code deadline}: the core
 * says how long is left (on its monotonic ticker) and this codec dates it on {@code wallClock}
 * as it writes the message.
 *
 * <p>Messages are written with Jackson's streaming generator straight into a pre-sized writer,
 * not built as a tree first: a transcript goes out for every recognizer result (with the echo
 * provider, every 20 ms frame), and the tree cost more than the rest of the session's per-frame
 * work together. The generator comes from a default {@link JsonFactory}, so the bytes are those
 * Jackson's tree model printed (same field order, number and escape format).
 */
final class ProtocolCodec {

    /** Room for a transcript's fixed fields; each word adds about {@link #WORD_CHARS}. */
    private static final int MESSAGE_CHARS = 192;
    private static final int WORD_CHARS = 80;

    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper;
    private final Clock wallClock;

    ProtocolCodec(ObjectMapper mapper) {
        this(mapper, Clock.systemUTC());
    }

    ProtocolCodec(ObjectMapper mapper, Clock wallClock) {
        this.mapper = mapper;
        this.wallClock = wallClock;
    }

    String encode(ServerMessage message) {
        int words = message instanceof ServerMessage.TranscriptUpdate update
                ? update.transcript().hypothesis().words().size() : 0;
        StringWriter out = new StringWriter(MESSAGE_CHARS + words * WORD_CHARS);
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartObject();
            switch (message) {
                case ServerMessage.SessionStarted started -> {
                    gen.writeStringField("type", "session.started");
                    gen.writeStringField("session_id", started.sessionId().value());
                    gen.writeStringField("resume_token", started.resumeToken().value());
                    gen.writeNumberField("generation", started.generation().value());
                }
                case ServerMessage.SessionResumed resumed -> {
                    gen.writeStringField("type", "session.resumed");
                    gen.writeStringField("session_id", resumed.sessionId().value());
                    gen.writeNumberField("generation", resumed.generation().value());
                    gen.writeStringField("resume_token", resumed.resumeToken().value());
                    gen.writeNumberField("audio_end",
                            resumed.audioEndSamples() / (double) resumed.format().sampleRate());
                    gen.writeNumberField("audio_end_samples", resumed.audioEndSamples());
                }
                case ServerMessage.TranscriptUpdate update -> {
                    transcript(gen, update.transcript(), update.format());
                    gen.writeNumberField("lag", seconds(update.lagSamples(), update.format()));
                }
                case ServerMessage.SpeechEventNotice notice -> speechEvent(gen, notice.event(), notice.format());
                case ServerMessage.ErrorNotice notice -> error(gen, notice.error());
                case ServerMessage.SessionClosed closed -> {
                    gen.writeStringField("type", "session.closed");
                    gen.writeStringField("reason", closed.reason());
                }
                case ServerMessage.ServerDraining draining -> {
                    gen.writeStringField("type", "server.draining");
                    gen.writeStringField("deadline", wallClock.instant().plus(draining.remaining())
                            .truncatedTo(ChronoUnit.MILLIS).toString());
                    gen.writeNumberField("remaining_ms", draining.remaining().toMillis());
                }
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    ControlMessage decode(String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JacksonException e) {
            return new ControlMessage.Malformed("text frame is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            return new ControlMessage.Malformed("text frame must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return new ControlMessage.Malformed("text frame needs a string \"type\"");
        }
        return switch (type.asText()) {
            case "finalize" -> new ControlMessage.Finalize();
            case "close_stream" -> new ControlMessage.CloseStream();
            case "keepalive" -> new ControlMessage.KeepAlive();
            default -> new ControlMessage.Unknown(type.asText());
        };
    }

    private static void transcript(JsonGenerator gen, Transcript transcript, AudioFormat format) throws IOException {
        SampleSpan span = transcript.hypothesis().span();
        gen.writeStringField("type", "transcript");
        gen.writeNumberField("seq", transcript.seq());
        gen.writeBooleanField("is_final", transcript.isFinal());
        gen.writeBooleanField("speech_final", transcript.hypothesis().speechFinal());
        gen.writeStringField("text", transcript.hypothesis().text());
        gen.writeNumberField("start", seconds(span.start(), format));
        gen.writeNumberField("end", seconds(span.end(), format));
        gen.writeArrayFieldStart("words");
        for (Word word : transcript.hypothesis().words()) {
            gen.writeStartObject();
            gen.writeStringField("word", word.text());
            gen.writeNumberField("start", seconds(word.span().start(), format));
            gen.writeNumberField("end", seconds(word.span().end(), format));
            gen.writeNumberField("confidence", Math.round(word.confidence() * 1000) / 1000.0);
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void speechEvent(JsonGenerator gen, SpeechEvent event, AudioFormat format) throws IOException {
        switch (event) {
            case SpeechEvent.SpeechStarted started -> {
                gen.writeStringField("type", "speech_started");
                gen.writeNumberField("timestamp", seconds(started.sample(), format));
            }
            case SpeechEvent.UtteranceEnded ended -> {
                gen.writeStringField("type", "utterance_end");
                gen.writeNumberField("last_word_end", seconds(ended.sample(), format));
            }
        }
    }

    private static void error(JsonGenerator gen, ClientError error) throws IOException {
        gen.writeStringField("type", "error");
        gen.writeStringField("code", error.code().name());
        gen.writeStringField("message", error.message());
        if (error.hasRetryHint()) {
            gen.writeNumberField("retry_after_ms", error.retryAfter().toMillis());
        }
    }

    private static double seconds(long samples, AudioFormat format) {
        return Math.round(samples * 1000.0 / format.sampleRate()) / 1000.0;
    }
}
