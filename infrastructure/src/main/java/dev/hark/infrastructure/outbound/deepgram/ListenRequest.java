package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.domain.session.ProviderOptions;
import dev.hark.domain.session.StreamOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code /v1/listen} URL for one session: operator settings plus what the session's client
 * asked for. All configuration travels in the query (nothing is negotiated after the upgrade);
 * repeatable options are repeated keys, booleans are {@code true}/{@code false}.
 *
 * <p>A {@code /v1/listen} client's own Deepgram options ({@link ProviderOptions}) replace the
 * operator's defaults key by key, except keys the operator pinned and the keys Hark owns: the
 * audio format (Hark's, the same the client declared), {@code interim_results} (computed
 * below), {@code multichannel} (Hark maps one transcript per stream) and {@code callback}
 * (Hark is the one connection). Client {@code tag}s are added to the operator's.
 */
final class ListenRequest {

    static final String PATH = "/v1/listen";

    /** Keys Hark sets itself, whatever the client asked. */
    private static final Set<String> OWNED = Set.of("encoding", "sample_rate", "channels", "multichannel",
            "interim_results", "callback", "callback_method");

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
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("model", List.of(settings.model()));
        String language = settings.language().isEmpty() ? options.language() : settings.language();
        if (!language.isEmpty()) {
            params.put("language", List.of(language));
        }
        params.put("encoding", List.of(options.format().encoding().wireName()));
        params.put("sample_rate", List.of(Integer.toString(options.format().sampleRate())));
        params.put("channels", List.of(Integer.toString(options.format().channels())));
        params.put("interim_results", List.of("false")); // decided below, once utterance_end_ms is known
        params.put("punctuate", List.of(Boolean.toString(settings.punctuate())));
        params.put("smart_format", List.of(Boolean.toString(settings.smartFormat())));
        if (!settings.endpointing().isEmpty()) {
            params.put("endpointing", List.of(settings.endpointing()));
        }
        if (settings.utteranceEndMs() > 0) {
            params.put("utterance_end_ms", List.of(Integer.toString(settings.utteranceEndMs())));
        }
        params.put("vad_events", List.of(Boolean.toString(settings.vadEvents())));
        if (!settings.keyterms().isEmpty()) {
            params.put("keyterm", settings.keyterms());
        }
        if (!settings.tags().isEmpty()) {
            params.put("tag", settings.tags());
        }
        overlayClientOptions(params, settings, options);
        params.put("interim_results", List.of(Boolean.toString(wantsInterims(settings, options, params))));
        return params.entrySet().stream()
                .flatMap(param -> param.getValue().stream().map(value -> encode(param.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
    }

    private static void overlayClientOptions(Map<String, List<String>> params, DeepgramSettings settings,
                                             StreamOptions options) {
        options.providerOptions().values().forEach((key, values) -> {
            if (OWNED.contains(key) || settings.pins(key) || values.isEmpty()) {
                return;
            }
            if (key.equals("tag")) {
                List<String> tags = new ArrayList<>(params.getOrDefault("tag", List.of()));
                tags.addAll(values);
                params.put("tag", tags);
            } else {
                params.put(key, values);
            }
        });
    }

    /**
     * Interims are asked for when the operator allows them and either the client wants them or
     * {@code utterance_end_ms} is on, which Deepgram only honours with interim results. The
     * session drops interims its client did not ask for.
     */
    private static boolean wantsInterims(DeepgramSettings settings, StreamOptions options,
                                         Map<String, List<String>> params) {
        List<String> utteranceEnd = params.getOrDefault("utterance_end_ms", List.of());
        boolean utteranceEnds = !utteranceEnd.isEmpty() && !utteranceEnd.getLast().strip().matches("0*");
        return settings.interimResults() && (options.interimResults() || utteranceEnds);
    }

    /** Form encoding with spaces as {@code %20}, which every server reads the same way. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
