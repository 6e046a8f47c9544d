package dev.hark.infrastructure.in.websocket;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.StreamOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the query of {@code /v1/stream} into stream options, or a client error naming the
 * offending parameter. Unknown parameters are ignored so clients written against later
 * protocol versions still connect.
 */
final class StreamQuery {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    /** Either the options or why they could not be formed. */
    sealed interface Parsed {
        record Valid(StreamOptions options) implements Parsed {
        }

        record Invalid(ClientError error) implements Parsed {
        }
    }

    private StreamQuery() {
    }

    static Parsed parse(Map<String, List<String>> query, int maxFrameBytes) {
        Optional<String> encodingName = single(query, "encoding");
        AudioEncoding encoding = AudioEncoding.LINEAR16;
        if (encodingName.isPresent()) {
            Optional<AudioEncoding> known = AudioEncoding.fromWireName(encodingName.get());
            if (known.isEmpty()) {
                return unsupported("encoding '" + encodingName.get() + "' is not supported; use encoding=linear16");
            }
            encoding = known.get();
        }
        Optional<Integer> sampleRate = integer(query, "sample_rate");
        if (sampleRate == null) {
            return invalid("sample_rate must be a whole number of Hz, for example 16000");
        }
        int rate = sampleRate.orElse(AudioFormat.DEFAULT_SAMPLE_RATE);
        if (rate < 8_000 || rate > 192_000) {
            return unsupported("sample_rate " + rate + " is out of range (8000-192000)");
        }
        Optional<Integer> channels = integer(query, "channels");
        if (channels == null) {
            return invalid("channels must be a whole number");
        }
        if (channels.orElse(1) != 1) {
            return unsupported("only channels=1 (mono) is supported");
        }
        Optional<String> interim = single(query, "interim_results");
        if (interim.isPresent() && !interim.get().equals("true") && !interim.get().equals("false")) {
            return invalid("interim_results must be true or false");
        }
        String language = single(query, "language").orElse("en");
        if (!LANGUAGE.matcher(language).matches()) {
            return invalid("language must be a BCP-47 tag such as en or en-US");
        }
        AudioFormat format = new AudioFormat(encoding, rate, 1);
        return new Parsed.Valid(new StreamOptions(format, interim.map(Boolean::parseBoolean).orElse(true),
                language, maxFrameBytes));
    }

    private static Optional<String> single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.get(values.size() - 1).trim());
    }

    /** Empty when absent; {@code null} when present but not an integer. */
    private static Optional<Integer> integer(Map<String, List<String>> query, String name) {
        Optional<String> raw = single(query, name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(raw.get()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Parsed invalid(String message) {
        return new Parsed.Invalid(ClientError.of(ErrorCode.INVALID_PARAMETER, message));
    }

    private static Parsed unsupported(String message) {
        return new Parsed.Invalid(ClientError.of(ErrorCode.UNSUPPORTED_AUDIO_FORMAT, message));
    }
}
