package dev.hark.infrastructure.outbound.deepgram;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Deepgram server messages shaped like the documented ones (deepgram-protocol.md §3), built by hand. */
final class DeepgramJson {

    private DeepgramJson() {
    }

    static String word(String word, String punctuated, double start, double end, double confidence) {
        return String.format(Locale.ROOT, "{\"word\":\"%s\",\"start\":%s,\"end\":%s,\"confidence\":%s,"
                + "\"punctuated_word\":\"%s\",\"speaker\":0}", word, start, end, confidence, punctuated);
    }

    static String bareWord(String word, double start, double end, double confidence) {
        return String.format(Locale.ROOT, "{\"word\":\"%s\",\"start\":%s,\"end\":%s,\"confidence\":%s}",
                word, start, end, confidence);
    }

    static String results(double start, double duration, boolean isFinal, boolean speechFinal, String transcript,
                          String... words) {
        return resultsFrom(start, duration, isFinal, speechFinal, false, transcript, words);
    }

    static String resultsFrom(double start, double duration, boolean isFinal, boolean speechFinal,
                              boolean fromFinalize, String transcript, String... words) {
        return String.format(Locale.ROOT, "{\"type\":\"Results\",\"channel_index\":[0,1],\"duration\":%s,\"start\":%s,"
                        + "\"is_final\":%s,\"speech_final\":%s,\"from_finalize\":%s,\"channel\":{\"alternatives\":"
                        + "[{\"transcript\":\"%s\",\"confidence\":0.97,\"words\":[%s]}]},\"metadata\":{\"request_id\":"
                        + "\"req-1\",\"model_info\":{\"name\":\"2-general-nova\",\"version\":\"v\",\"arch\":\"nova-3\"},"
                        + "\"model_uuid\":\"uuid-1\"},\"some_future_field\":{\"x\":1}}",
                duration, start, isFinal, speechFinal, fromFinalize, transcript,
                Arrays.stream(words).collect(Collectors.joining(",")));
    }

    static String speechStarted(double timestamp) {
        return String.format(Locale.ROOT, "{\"type\":\"SpeechStarted\",\"channel\":[0,1],\"timestamp\":%s}", timestamp);
    }

    static String utteranceEnd(double lastWordEnd) {
        return String.format(Locale.ROOT, "{\"type\":\"UtteranceEnd\",\"channel\":[0,1],\"last_word_end\":%s}",
                lastWordEnd);
    }

    static String metadata(double duration) {
        return String.format(Locale.ROOT, "{\"type\":\"Metadata\",\"transaction_key\":\"deprecated\",\"request_id\":"
                + "\"req-1\",\"sha256\":\"incomplete\",\"created\":\"2026-01-01T00:00:00.000Z\",\"duration\":%s,"
                + "\"channels\":1}", duration);
    }
}
