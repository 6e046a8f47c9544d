package dev.hark.emulator.deepgram;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides one upgrade the way Deepgram would (deepgram-protocol.md §1, §7): a plan's forced
 * status first, then credentials (401), then the query (400). Unknown query parameters are
 * ignored, as Deepgram ignores options it does not use.
 */
final class HandshakeRules {

    static final int DEFAULT_SAMPLE_RATE = 16_000;
    static final String DEFAULT_MODEL = "nova-3";

    private final String apiKey;
    private final Function<AudioFormat, Optional<ClientError>> refusalFor;

    /** @param refusalFor the recognizer's veto on a format it cannot transcribe */
    HandshakeRules(String apiKey, Function<AudioFormat, Optional<ClientError>> refusalFor) {
        this.apiKey = apiKey;
        this.refusalFor = refusalFor;
    }

    HandshakeDecision decide(ConnectionPlan plan, List<String> authorizationHeaders, List<String> subprotocols,
                             ListenQuery query) {
        if (!plan.accepts()) {
            return ErrorCatalogue.forStatus(plan.handshakeStatus());
        }
        if (!Credentials.accepted(apiKey, authorizationHeaders, subprotocols)) {
            return ErrorCatalogue.invalidAuth();
        }
        try {
            StreamSetup setup = setup(query);
            Optional<ClientError> refusal = refusalFor.apply(setup.format());
            if (refusal.isPresent()) {
                return ErrorCatalogue.invalidQuery(refusal.get().message());
            }
            return new HandshakeDecision.Accept(setup, Credentials.selectedSubprotocol(subprotocols));
        } catch (InvalidQuery e) {
            return ErrorCatalogue.invalidQuery(e.getMessage());
        }
    }

    /**
     * Containerized audio (no {@code encoding}) cannot be decoded here, so a query without it is
     * read as 16 kHz linear16; a WAV header is then a few milliseconds of noise.
     */
    private static StreamSetup setup(ListenQuery query) {
        boolean raw = query.has("encoding");
        if (raw && !query.last("encoding", "").equalsIgnoreCase("linear16")) {
            throw new InvalidQuery("encoding " + query.last("encoding", "") + " is not supported by the emulator"
                    + " (linear16 only)");
        }
        if (raw && !query.has("sample_rate")) {
            throw new InvalidQuery("sample_rate is required when encoding is set");
        }
        int sampleRate = integer(query, "sample_rate", DEFAULT_SAMPLE_RATE);
        if (integer(query, "channels", 1) != 1) {
            throw new InvalidQuery("channels must be 1 (the emulator transcribes mono audio)");
        }
        int utteranceEndMs = integer(query, "utterance_end_ms", 0);
        if (utteranceEndMs < 0) {
            throw new InvalidQuery("utterance_end_ms must not be negative");
        }
        AudioFormat format;
        try {
            format = AudioFormat.linear16Mono(sampleRate);
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery("sample_rate " + sampleRate + " is out of range");
        }
        return new StreamSetup(format, query.flag("interim_results"), query.last("language", "en"),
                query.flag("vad_events"), utteranceEndMs, query.last("model", DEFAULT_MODEL));
    }

    private static int integer(ListenQuery query, String key, int fallback) {
        String value = query.last(key, "");
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidQuery(key + " must be an integer, got '" + value + "'");
        }
    }

    private static final class InvalidQuery extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidQuery(String message) {
            super(message, null, false, false);
        }
    }
}
