package dev.hark.infrastructure.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where to stream and how to describe the audio: the v1 endpoint plus the query parameters the
 * server needs before the first frame arrives (the protocol has no in-band format message), and
 * the API key or token to present ({@code Authorization: Bearer}), empty when the server needs
 * none. {@link #toString()} leaves the credential out.
 */
public record StreamTarget(URI endpoint, int sampleRate, int channels, boolean interimResults, String language,
                           String credential) {

    public StreamTarget(URI endpoint, int sampleRate, int channels, boolean interimResults, String language) {
        this(endpoint, sampleRate, channels, interimResults, language, "");
    }

    public StreamTarget {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(credential, "credential");
        String scheme = endpoint.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("not a ws:// or wss:// URL: " + endpoint);
        }
        if (endpoint.getRawQuery() != null) {
            throw new IllegalArgumentException("URL must not carry a query, the client adds it: " + endpoint);
        }
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad format: " + sampleRate + " Hz, " + channels + " ch");
        }
    }

    /** English, in the format of {@code audio}. */
    public static StreamTarget forAudio(URI endpoint, WavAudio audio, boolean interimResults) {
        return new StreamTarget(endpoint, audio.sampleRate(), audio.channels(), interimResults, "en");
    }

    /** The same target presenting {@code apiKeyOrToken} (blank for none). */
    public StreamTarget withCredential(String apiKeyOrToken) {
        return new StreamTarget(endpoint, sampleRate, channels, interimResults, language,
                apiKeyOrToken == null ? "" : apiKeyOrToken.strip());
    }

    public boolean hasCredential() {
        return !credential.isEmpty();
    }

    @Override
    public String toString() {
        return "StreamTarget[" + endpoint + ", " + sampleRate + " Hz, " + channels + " ch, interim=" + interimResults
                + ", " + language + (hasCredential() ? ", credential=<redacted>" : "") + "]";
    }

    public URI uri() {
        String query = "encoding=linear16&sample_rate=" + sampleRate + "&channels=" + channels
                + "&interim_results=" + interimResults + "&language=" + language;
        return URI.create(endpoint + "?" + query);
    }

    /**
     * The same endpoint asking to resume a dropped session; the format is the session's own, so it
     * is not repeated.
     */
    public URI resumeUri(String sessionId, String resumeToken, long lastSeq) {
        return URI.create(endpoint + "?session_id=" + encode(sessionId) + "&resume_token=" + encode(resumeToken)
                + "&last_seq=" + lastSeq);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
