package dev.hark.infrastructure.inbound.websocket;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the query of {@code /v1/stream} into a new stream's options, a resume request, or a
 * client error naming the offending parameter. Unknown parameters are ignored so clients
 * written against later protocol versions still connect.
 */
final class StreamQuery {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    /** A new stream, a resume, or why neither could be formed. */
    sealed interface Parsed {
        record Valid(StreamOptions options) implements Parsed {
        }

        /** The token is kept out of {@code toString()} so it can never reach a log. */
        record Resume(SessionId sessionId, String resumeToken, long lastSeq) implements Parsed {
            @Override
            public String toString() {
                return "Resume[" + sessionId + ", lastSeq=" + lastSeq + "]";
            }
        }

        record Invalid(ClientError error) implements Parsed {
        }
    }

    private StreamQuery() {
    }

    static Parsed parse(Map<String, List<String>> query, int maxFrameBytes) {
        Optional<String> sessionId = single(query, "session_id");
        if (sessionId.isPresent()) {
            return parseResume(sessionId.get(), query);
        }
        Optional<String> encodingName = single(query, "encoding");
        AudioEncoding encoding = AudioEncoding.LINEAR16;
        if (encodingName.isPresent()) {
            Optional<AudioEncoding> known = AudioEncoding.fromWireName(encodingName.get());
            if (known.isEmpty()) {
                return unsupported("encoding '" + encodingName.get() + "' is not supported; use linear16, mulaw or alaw");
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
        int channelCount = channels.orElse(1);
        if (channelCount != 1 && channelCount != 2) {
            return unsupported("channels must be 1 (mono) or 2 (stereo)");
        }
        Optional<String> interim = single(query, "interim_results");
        if (interim.isPresent() && !isBoolean(interim.get())) {
            return invalid("interim_results must be true or false");
        }
        Optional<String> vadEvents = single(query, "vad_events");
        if (vadEvents.isPresent() && !isBoolean(vadEvents.get())) {
            return invalid("vad_events must be true or false");
        }
        String language = single(query, "language").orElse("en");
        if (!LANGUAGE.matcher(language).matches()) {
            return invalid("language must be a BCP-47 tag such as en or en-US");
        }
        AudioFormat format = new AudioFormat(encoding, rate, channelCount);
        return new Parsed.Valid(new StreamOptions(format, interim.map(Boolean::parseBoolean).orElse(true),
                language, maxFrameBytes, vadEvents.map(Boolean::parseBoolean).orElse(false)));
    }

    private static boolean isBoolean(String value) {
        return value.equals("true") || value.equals("false");
    }

    private static Parsed parseResume(String sessionId, Map<String, List<String>> query) {
        if (!SessionId.isWellFormed(sessionId)) {
            return invalid("session_id is not a session id");
        }
        Optional<String> token = single(query, "resume_token");
        if (token.isEmpty() || token.get().isEmpty()) {
            return new Parsed.Invalid(ClientError.of(ErrorCode.RESUME_DENIED, "resuming needs the resume_token"));
        }
        long lastSeq = 0;
        Optional<String> lastSeqText = single(query, "last_seq");
        if (lastSeqText.isPresent()) {
            try {
                lastSeq = Long.parseLong(lastSeqText.get());
            } catch (NumberFormatException e) {
                return invalid("last_seq must be a whole number");
            }
            if (lastSeq < 0) {
                return invalid("last_seq must not be negative");
            }
        }
        return new Parsed.Resume(new SessionId(sessionId), token.get(), lastSeq);
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
