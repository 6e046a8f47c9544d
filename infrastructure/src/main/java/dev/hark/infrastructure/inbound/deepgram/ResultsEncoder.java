package dev.hark.infrastructure.inbound.deepgram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Writes one connection's messages in Deepgram's JSON (deepgram-protocol.md §3). Times are
 * seconds on the connection's audio clock (the session's, from 0), rounded to the millisecond.
 *
 * <p>Results windows follow Deepgram's rule: finals cover consecutive windows that never
 * overlap (each starts where the previous final ended), and an interim restates the window
 * after the last final. Words keep their own times. Not thread-safe: its
 * {@link ListenChannel} serializes calls.
 */
final class ResultsEncoder {

    private final ObjectMapper json;
    private final String requestId;
    private final ModelIdentity model;
    private final int sampleRate;
    private final boolean endpointing;
    /** End of the last final, in samples: where the next window starts. */
    private long cursor;

    /** @param endpointing false: the client turned endpointing off, so no final is {@code speech_final} */
    ResultsEncoder(ObjectMapper json, String requestId, ModelIdentity model, int sampleRate, boolean endpointing) {
        this.json = json;
        this.requestId = requestId;
        this.model = model;
        this.sampleRate = sampleRate;
        this.endpointing = endpointing;
    }

    String results(Hypothesis hypothesis) {
        long start = cursor;
        long end = Math.max(cursor, hypothesis.span().end());
        if (hypothesis.isFinal()) {
            cursor = end;
        }
        List<ListenWire.WordJson> words = hypothesis.words().stream().map(this::word).toList();
        double confidence = hypothesis.words().stream().mapToDouble(Word::confidence).average().orElse(0.0);
        long startMillis = millis(start);
        return write(new ListenWire.Results("Results", ListenWire.MONO, (millis(end) - startMillis) / 1000.0,
                startMillis / 1000.0, hypothesis.isFinal(), endpointing && hypothesis.speechFinal(),
                hypothesis.fromFinalize(),
                new ListenWire.Channel(List.of(new ListenWire.Alternative(hypothesis.text(), round(confidence), words))),
                new ListenWire.ResultsMetadata(requestId, model.info(), model.uuid())));
    }

    String speechStarted(long sample) {
        return write(new ListenWire.SpeechStarted("SpeechStarted", ListenWire.MONO, seconds(sample)));
    }

    String utteranceEnd(long lastWordEnd) {
        return write(new ListenWire.UtteranceEnd("UtteranceEnd", ListenWire.MONO, seconds(lastWordEnd)));
    }

    /**
     * The end-of-connection summary: all seven fields Deepgram's spec requires, and the model
     * once audio was processed.
     *
     * @param sha256   hex SHA-256 of the audio bytes received
     * @param channels channels of the audio the client sent (0 before its format was known)
     */
    String metadata(Instant created, long audioSamples, String sha256, int channels) {
        boolean processed = audioSamples > 0;
        return write(new ListenWire.Metadata("Metadata", "deprecated", requestId, sha256,
                created.truncatedTo(ChronoUnit.MILLIS).toString(), seconds(audioSamples), channels,
                processed ? List.of(model.uuid()) : List.of(),
                processed ? Map.of(model.uuid(), model.info()) : Map.of()));
    }

    private ListenWire.WordJson word(Word word) {
        return new ListenWire.WordJson(word.text().toLowerCase(java.util.Locale.ROOT), seconds(word.span().start()),
                seconds(word.span().end()), round(word.confidence()), word.text());
    }

    private double seconds(long samples) {
        return millis(samples) / 1000.0;
    }

    private long millis(long samples) {
        return Math.round(samples * 1000.0 / sampleRate);
    }

    private static double round(double confidence) {
        return Math.round(confidence * 10_000) / 10_000.0;
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }
}
