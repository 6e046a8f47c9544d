package dev.hark.infrastructure.inbound.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import dev.hark.domain.transcript.Word;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The codec's encoder as it was before it wrote with Jackson's streaming generator: the tree
 * model, kept only so tests can prove the streaming encoder writes the same bytes. Original doc: JSON encoding of protocol v1 (docs/protocol.md). Times go out as seconds on the session's
 * audio clock, rounded to the millisecond; they are computed from sample offsets, never read
 * from a wall clock. The one timestamp is {@code server.draining}'s {@code deadline}: the core
 * says how long is left (on its monotonic ticker) and this codec dates it on {@code wallClock}
 * as it writes the message.
 */
final class TreeModelEncoder {

    private final ObjectMapper mapper;
    private final Clock wallClock;

    TreeModelEncoder(ObjectMapper mapper, Clock wallClock) {
        this.mapper = mapper;
        this.wallClock = wallClock;
    }

    String encode(ServerMessage message) {
        ObjectNode json = switch (message) {
            case ServerMessage.SessionStarted started -> mapper.createObjectNode()
                    .put("type", "session.started")
                    .put("session_id", started.sessionId().value())
                    .put("resume_token", started.resumeToken().value())
                    .put("generation", started.generation().value());
            case ServerMessage.SessionResumed resumed -> mapper.createObjectNode()
                    .put("type", "session.resumed")
                    .put("session_id", resumed.sessionId().value())
                    .put("generation", resumed.generation().value())
                    .put("resume_token", resumed.resumeToken().value())
                    .put("audio_end", resumed.audioEndSamples() / (double) resumed.format().sampleRate())
                    .put("audio_end_samples", resumed.audioEndSamples());
            case ServerMessage.TranscriptUpdate update -> transcript(update.transcript(), update.format())
                    .put("lag", seconds(update.lagSamples(), update.format()));
            case ServerMessage.SpeechEventNotice notice -> speechEvent(notice.event(), notice.format());
            case ServerMessage.ErrorNotice notice -> error(notice.error());
            case ServerMessage.SessionClosed closed -> mapper.createObjectNode()
                    .put("type", "session.closed")
                    .put("reason", closed.reason());
            case ServerMessage.ServerDraining draining -> mapper.createObjectNode()
                    .put("type", "server.draining")
                    .put("deadline", wallClock.instant().plus(draining.remaining()).truncatedTo(ChronoUnit.MILLIS)
                            .toString())
                    .put("remaining_ms", draining.remaining().toMillis());
        };
        return json.toString();
    }

    private ObjectNode transcript(Transcript transcript, AudioFormat format) {
        SampleSpan span = transcript.hypothesis().span();
        ObjectNode json = mapper.createObjectNode()
                .put("type", "transcript")
                .put("seq", transcript.seq())
                .put("is_final", transcript.isFinal())
                .put("speech_final", transcript.hypothesis().speechFinal())
                .put("text", transcript.hypothesis().text())
                .put("start", seconds(span.start(), format))
                .put("end", seconds(span.end(), format));
        ArrayNode words = json.putArray("words");
        for (Word word : transcript.hypothesis().words()) {
            words.addObject()
                    .put("word", word.text())
                    .put("start", seconds(word.span().start(), format))
                    .put("end", seconds(word.span().end(), format))
                    .put("confidence", Math.round(word.confidence() * 1000) / 1000.0);
        }
        return json;
    }

    private ObjectNode speechEvent(SpeechEvent event, AudioFormat format) {
        return switch (event) {
            case SpeechEvent.SpeechStarted started -> mapper.createObjectNode()
                    .put("type", "speech_started")
                    .put("timestamp", seconds(started.sample(), format));
            case SpeechEvent.UtteranceEnded ended -> mapper.createObjectNode()
                    .put("type", "utterance_end")
                    .put("last_word_end", seconds(ended.sample(), format));
        };
    }

    ObjectNode error(ClientError error) {
        ObjectNode json = mapper.createObjectNode()
                .put("type", "error")
                .put("code", error.code().name())
                .put("message", error.message());
        if (error.hasRetryHint()) {
            json.put("retry_after_ms", error.retryAfter().toMillis());
        }
        return json;
    }

    private static double seconds(long samples, AudioFormat format) {
        return Math.round(samples * 1000.0 / format.sampleRate()) / 1000.0;
    }
}
