package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.domain.session.StreamOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code /v1/listen} URL for one session: operator settings plus what the session's client
 * asked for. All configuration travels in the query (nothing is negotiated after the upgrade);
 * repeatable options are repeated keys, booleans are {@code true}/{@code false}.
 */
final class ListenRequest {

    static final String PATH = "/v1/listen";

    private ListenRequest() {
    }

    static URI uri(DeepgramSettings settings, StreamOptions options) {
        URI base = settings.baseUrl();
        String scheme = switch (base.getScheme().toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> "wss";
            default -> "ws";
        };
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String port = base.getPort() < 0 ? "" : ":" + base.getPort();
        return URI.create(scheme + "://" + base.getHost() + port + prefix + PATH + "?" + query(settings, options));
    }

    /** The encoded query string, parameters in a fixed order so logs and tests can compare them. */
    static String query(DeepgramSettings settings, StreamOptions options) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(Map.entry("model", settings.model()));
        String language = settings.language().isEmpty() ? options.language() : settings.language();
        if (!language.isEmpty()) {
            params.add(Map.entry("language", language));
        }
        params.add(Map.entry("encoding", options.format().encoding().wireName()));
        params.add(Map.entry("sample_rate", Integer.toString(options.format().sampleRate())));
        params.add(Map.entry("channels", Integer.toString(options.format().channels())));
        params.add(Map.entry("interim_results", Boolean.toString(wantsInterims(settings, options))));
        params.add(Map.entry("punctuate", Boolean.toString(settings.punctuate())));
        params.add(Map.entry("smart_format", Boolean.toString(settings.smartFormat())));
        if (!settings.endpointing().isEmpty()) {
            params.add(Map.entry("endpointing", settings.endpointing()));
        }
        if (settings.utteranceEndMs() > 0) {
            params.add(Map.entry("utterance_end_ms", Integer.toString(settings.utteranceEndMs())));
        }
        params.add(Map.entry("vad_events", Boolean.toString(settings.vadEvents())));
        settings.keyterms().forEach(keyterm -> params.add(Map.entry("keyterm", keyterm)));
        settings.tags().forEach(tag -> params.add(Map.entry("tag", tag)));
        return params.stream().map(param -> encode(param.getKey()) + "=" + encode(param.getValue()))
                .collect(Collectors.joining("&"));
    }

    /**
     * Interims are asked for when the operator allows them and either the client wants them or
     * {@code utterance_end_ms} is on, which Deepgram only honours with interim results. The
     * session drops interims its client did not ask for.
     */
    private static boolean wantsInterims(DeepgramSettings settings, StreamOptions options) {
        return settings.interimResults() && (options.interimResults() || settings.utteranceEndMs() > 0);
    }

    /** Form encoding with spaces as {@code %20}, which every server reads the same way. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
