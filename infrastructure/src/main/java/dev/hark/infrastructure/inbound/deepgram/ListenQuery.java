package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.session.ProviderOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a {@code /v1/listen} query as Deepgram does (deepgram-protocol.md §1.2): the options
 * that matter here are checked (a bad value is a 400 at the handshake), unknown keys are
 * ignored, repeated keys are kept for the recognizer, and for a key read once the last value
 * wins.
 */
final class ListenQuery {

    /** Hark's own credential parameter (see {@code HandshakeCredentials}). */
    static final String ACCESS_TOKEN = "access_token";
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern MILLIS = Pattern.compile("\\d{1,6}");

    /** The options, or why the query is refused. */
    sealed interface Parsed {
        record Valid(ListenOptions options) implements Parsed {
        }

        record Invalid(String message) implements Parsed {
        }
    }

    private ListenQuery() {
    }

    static Parsed parse(Map<String, List<String>> query) {
        try {
            return new Parsed.Valid(read(query));
        } catch (InvalidQuery e) {
            return new Parsed.Invalid(e.getMessage());
        }
    }

    private static ListenOptions read(Map<String, List<String>> query) {
        ListenOptions.AudioDeclaration audio = audio(query);
        boolean interims = flag(query, "interim_results", false);
        boolean vadEvents = flag(query, "vad_events", false);
        String language = last(query, "language").orElse("en");
        if (!LANGUAGE.matcher(language).matches()) {
            throw new InvalidQuery("language '" + language + "' is not a language tag");
        }
        int utteranceEndMs = millis(query, "utterance_end_ms").orElse(0);
        String endpointing = last(query, "endpointing").orElse("10").toLowerCase(Locale.ROOT);
        if (!endpointing.equals("true") && !endpointing.equals("false") && !MILLIS.matcher(endpointing).matches()) {
            throw new InvalidQuery("endpointing must be a number of milliseconds or false");
        }
        return new ListenOptions(audio, interims, language, vadEvents, utteranceEndMs, !endpointing.equals("false"),
                last(query, "model").orElse(""), new ProviderOptions(withoutHarksCredential(query)));
    }

    /**
     * The query less {@code access_token}: that is a credential for Hark (a browser's granted
     * token), checked at the upgrade, and must never travel on to the recognizer (with provider
     * {@code deepgram} the client's options go upstream in the URL).
     */
    private static Map<String, List<String>> withoutHarksCredential(Map<String, List<String>> query) {
        Map<String, List<String>> options = new LinkedHashMap<>(query);
        options.remove(ACCESS_TOKEN);
        return options;
    }

    private static ListenOptions.AudioDeclaration audio(Map<String, List<String>> query) {
        Optional<String> encodingName = last(query, "encoding");
        if (encodingName.isEmpty()) {
            return new ListenOptions.AudioDeclaration.Container();
        }
        AudioEncoding encoding = AudioEncoding.fromWireName(encodingName.get()).orElseThrow(() -> new InvalidQuery(
                "encoding '" + encodingName.get() + "' is not supported here (linear16, mulaw or alaw; or none for"
                        + " WAV)"));
        int rate = integer(query, "sample_rate").orElseThrow(() -> new InvalidQuery(
                "sample_rate is required when encoding is set"));
        int channels = integer(query, "channels").orElse(1);
        if (channels < 1 || channels > 2) {
            throw new InvalidQuery("channels must be 1 or 2");
        }
        try {
            return new ListenOptions.AudioDeclaration.Raw(new AudioFormat(encoding, rate, channels));
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery("sample_rate " + rate + " is out of range (8000-192000)");
        }
    }

    private static boolean flag(Map<String, List<String>> query, String key, boolean fallback) {
        Optional<String> value = last(query, key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidQuery(key + " must be true or false");
        };
    }

    private static Optional<Integer> millis(Map<String, List<String>> query, String key) {
        Optional<String> value = last(query, key);
        if (value.isPresent() && !MILLIS.matcher(value.get()).matches()) {
            throw new InvalidQuery(key + " must be a whole number of milliseconds");
        }
        return value.map(Integer::parseInt);
    }

    private static Optional<Integer> integer(Map<String, List<String>> query, String key) {
        Optional<String> value = last(query, key);
        try {
            return value.map(Integer::parseInt);
        } catch (NumberFormatException e) {
            throw new InvalidQuery(key + " must be an integer, got '" + value.orElse("") + "'");
        }
    }

    private static Optional<String> last(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getLast().strip());
    }

    private static final class InvalidQuery extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidQuery(String message) {
            super(message, null, false, false);
        }
    }
}
