package dev.hark.emulator.deepgram;

import dev.hark.infrastructure.inbound.deepgram.ListenWire;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.domain.transcript.Word;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Writes one connection's messages as JSON text. Times become seconds on the audio clock,
 * rounded to the millisecond; a window's duration is computed from the rounded ends so that
 * consecutive finals still join exactly.
 */
final class WireMessages {


    private final ObjectMapper json;
    private final String requestId;
    private final ModelIdentity model;
    private final int sampleRate;

    WireMessages(ObjectMapper json, String requestId, ModelIdentity model, int sampleRate) {
        this.json = json;
        this.requestId = requestId;
        this.model = model;
        this.sampleRate = sampleRate;
    }

    String encode(Emission emission) {
        return write(switch (emission) {
            case Emission.Transcript transcript -> results(transcript);
            case Emission.SpeechStart start -> new ListenWire.SpeechStarted("SpeechStarted", ListenWire.MONO,
                    seconds(start.sample()));
            case Emission.UtteranceEnd end -> new ListenWire.UtteranceEnd("UtteranceEnd", ListenWire.MONO,
                    seconds(end.lastWordEnd()));
        });
    }

    /**
     * The end-of-session summary.
     *
     * @param sha256 hex SHA-256 of the audio bytes received
     */
    String metadata(Instant created, long audioSamples, String sha256) {
        boolean processed = audioSamples > 0;
        ListenWire.ModelInfo info = new ListenWire.ModelInfo(model.name(), model.version(), model.arch());
        return write(new ListenWire.Metadata("Metadata", "deprecated", requestId, sha256,
                created.truncatedTo(ChronoUnit.MILLIS).toString(), seconds(audioSamples), 1,
                processed ? List.of(model.uuid()) : List.of(),
                processed ? Map.of(model.uuid(), info) : Map.of()));
    }

    private ListenWire.Results results(Emission.Transcript transcript) {
        List<ListenWire.WordJson> words = transcript.words().stream().map(this::word).toList();
        String text = String.join(" ", transcript.words().stream().map(Word::text).toList());
        double confidence = transcript.words().stream().mapToDouble(Word::confidence).average().orElse(0.0);
        ListenWire.Alternative alternative = new ListenWire.Alternative(text, round(confidence), words);
        long startMillis = millis(transcript.start());
        return new ListenWire.Results("Results", ListenWire.MONO, (millis(transcript.end()) - startMillis) / 1000.0,
                startMillis / 1000.0, transcript.isFinal(), transcript.speechFinal(), transcript.fromFinalize(),
                new ListenWire.Channel(List.of(alternative)),
                new ListenWire.ResultsMetadata(requestId,
                        new ListenWire.ModelInfo(model.name(), model.version(), model.arch()), model.uuid()));
    }

    private ListenWire.WordJson word(Word word) {
        return new ListenWire.WordJson(word.text(), seconds(word.span().start()), seconds(word.span().end()),
                round(word.confidence()), word.text());
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
