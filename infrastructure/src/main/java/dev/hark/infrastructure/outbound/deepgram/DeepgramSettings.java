package dev.hark.infrastructure.outbound.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How Hark talks to Deepgram's live API. The values mirror Deepgram's query parameters so an
 * operator can read them against Deepgram's documentation.
 *
 * @param baseUrl          where Deepgram lives, e.g. {@code wss://api.deepgram.com} or a self-hosted
 *                         {@code ws://127.0.0.1:9090}; {@code /v1/listen} is appended to its path, so a
 *                         path prefix is kept. {@code http}/{@code https} are taken as {@code ws}/{@code wss}.
 * @param apiKey           sent as {@code Authorization: Token <key>}; never logged, never in
 *                         {@link #toString()}, never in an error a client sees
 * @param model            e.g. {@code nova-3}
 * @param language         empty: send the client's language; otherwise the operator pins it
 *                         (e.g. {@code multi}) whatever the client asked for
 * @param interimResults   whether Deepgram may send interims at all (they are asked for only when
 *                         the client wants them or {@code utteranceEndMs} needs them)
 * @param endpointing      as Deepgram takes it: milliseconds ({@code "300"}), {@code "false"}, or
 *                         empty to leave Deepgram's default
 * @param utteranceEndMs   gap that ends an utterance ({@code UtteranceEnd}); 0 turns it off.
 *                         Deepgram needs interim results for it, so it requires {@code interimResults}
 * @param keyterms         repeated {@code keyterm} (Nova-3 only)
 * @param tags             repeated {@code tag}, for usage reports (at most 128 characters each)
 * @param handshakeTimeout how long the adapter waits for the upgrade before it gives up (retryable)
 * @param closeTimeout     how long it waits for Deepgram's close after {@code CloseStream}
 * @param retryAfter       the hint put on retryable errors
 * @param pinned           Deepgram query keys whose value here wins over a {@code /v1/listen}
 *                         client's (e.g. {@code model}, to control cost); for the other keys the
 *                         values here are defaults a client may override. {@code language} is
 *                         pinned whenever it is set.
 */
public record DeepgramSettings(URI baseUrl, String apiKey, String model, String language,
                               boolean interimResults, boolean punctuate, boolean smartFormat, String endpointing,
                               int utteranceEndMs, boolean vadEvents, List<String> keyterms, List<String> tags,
                               Duration handshakeTimeout, Duration closeTimeout, Duration retryAfter,
                               List<String> pinned) {

    private static final Pattern ENDPOINTING = Pattern.compile("|false|true|\\d{1,6}");
    private static final int MAX_TAG_LENGTH = 128;

    public DeepgramSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(endpointing, "endpointing");
        requireWebSocketBase(baseUrl);
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        if (!ENDPOINTING.matcher(endpointing).matches()) {
            throw new IllegalArgumentException("endpointing must be milliseconds, true or false: " + endpointing);
        }
        if (utteranceEndMs < 0) {
            throw new IllegalArgumentException("utteranceEndMs must not be negative: " + utteranceEndMs);
        }
        if (utteranceEndMs > 0 && !interimResults) {
            throw new IllegalArgumentException("utteranceEndMs needs interimResults (Deepgram requires interim_results)");
        }
        keyterms = nonBlank(keyterms, "keyterms");
        pinned = nonBlank(pinned, "pinned");
        tags = nonBlank(tags, "tags");
        if (tags.stream().anyMatch(tag -> tag.length() > MAX_TAG_LENGTH)) {
            throw new IllegalArgumentException("tags are at most " + MAX_TAG_LENGTH + " characters");
        }
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(closeTimeout, "closeTimeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
    }

    /** Settings that pin nothing a client may choose. */
    public DeepgramSettings(URI baseUrl, String apiKey, String model, String language, boolean interimResults,
                            boolean punctuate, boolean smartFormat, String endpointing, int utteranceEndMs,
                            boolean vadEvents, List<String> keyterms, List<String> tags, Duration handshakeTimeout,
                            Duration closeTimeout, Duration retryAfter) {
        this(baseUrl, apiKey, model, language, interimResults, punctuate, smartFormat, endpointing, utteranceEndMs,
                vadEvents, keyterms, tags, handshakeTimeout, closeTimeout, retryAfter, List.of());
    }

    /** Whether the operator's value of query key {@code key} wins over a client's. */
    public boolean pins(String key) {
        return pinned.contains(key) || key.equals("language") && !language.isEmpty();
    }

    /** Everything but the key, which shows as {@code ***}. */
    @Override
    public String toString() {
        return "DeepgramSettings[baseUrl=" + baseUrl + ", apiKey=***, model=" + model + ", language=" + language
                + ", interimResults=" + interimResults + ", punctuate=" + punctuate + ", smartFormat=" + smartFormat
                + ", endpointing=" + endpointing + ", utteranceEndMs=" + utteranceEndMs + ", vadEvents=" + vadEvents
                + ", keyterms=" + keyterms + ", tags=" + tags + ", handshakeTimeout=" + handshakeTimeout
                + ", closeTimeout=" + closeTimeout + ", retryAfter=" + retryAfter + ", pinned=" + pinned + "]";
    }

    private static void requireWebSocketBase(URI baseUrl) {
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("ws", "wss", "http", "https").contains(scheme) || baseUrl.getHost() == null) {
            // the URL itself stays out of the message: it might carry credentials
            throw new IllegalArgumentException("baseUrl must be an absolute ws:// or wss:// URL with a host");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must not carry a query, fragment or user info");
        }
    }

    private static List<String> nonBlank(List<String> values, String name) {
        List<String> copy = List.copyOf(Objects.requireNonNull(values, name));
        if (copy.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(name + " must not contain blank values");
        }
        return copy;
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (!duration.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
