package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.infrastructure.outbound.deepgram.DeepgramSettings;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;

/**
 * The {@code deepgram:} section, used when {@code provider: deepgram}. The API key comes from
 * the environment ({@code ${DEEPGRAM_API_KEY}} in config.yml) and is write-only: Jackson never
 * serialises it and {@link #toString()} redacts it, so printing the configuration cannot leak
 * it. Encoding, sample rate and channels are not configured here: Hark passes each client's
 * declared format through ({@code linear16}, its {@code sample_rate}, mono).
 */
public class DeepgramFactory {

    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    private String apiKey = "";

    @NotNull
    @Pattern(regexp = "wss?://.+", message = "must be a ws:// or wss:// URL")
    @JsonProperty
    private String url = "wss://api.deepgram.com";

    @NotEmpty
    @JsonProperty
    private String model = "nova-3";

    /** Empty: each client's {@code language} (default {@code en}); set it to pin one, e.g. {@code multi}. */
    @NotNull
    @JsonProperty
    private String language = "";

    @JsonProperty
    private boolean interimResults = true;

    @JsonProperty
    private boolean punctuate = true;

    @JsonProperty
    private boolean smartFormat = false;

    /** Milliseconds of silence before {@code speech_final}, or {@code false}. */
    @NotNull
    @Pattern(regexp = "false|[0-9]{1,5}", message = "must be a number of milliseconds or false")
    @JsonProperty
    private String endpointing = "300";

    /** 0 turns UtteranceEnd off; Deepgram recommends 1000 or more. */
    @Min(0)
    @Max(60_000)
    @JsonProperty
    private int utteranceEndMs = 1000;

    @JsonProperty
    private boolean vadEvents = true;

    @NotNull
    @JsonProperty
    private List<@NotEmpty String> keyterms = List.of();

    @NotNull
    @JsonProperty
    private List<@NotEmpty @Size(max = 128) String> tags = List.of("hark");

    /** Query keys a /v1/listen client may not override (e.g. model); language is pinned whenever it is set. */
    @NotNull
    @JsonProperty
    private List<@NotEmpty String> pinned = List.of();

    @NotNull
    @JsonProperty
    private Duration handshakeTimeout = Duration.seconds(5);

    @NotNull
    @JsonProperty
    private Duration closeTimeout = Duration.seconds(10);

    @NotNull
    @JsonProperty
    private Duration retryAfter = Duration.seconds(2);

    public DeepgramSettings build() {
        return new DeepgramSettings(URI.create(url), apiKey, model, language, interimResults, punctuate, smartFormat,
                endpointing, utteranceEndMs, vadEvents, keyterms, tags, handshakeTimeout.toJavaDuration(),
                closeTimeout.toJavaDuration(), retryAfter.toJavaDuration(), pinned);
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "DeepgramFactory[url=" + url + ", model=" + model + ", apiKey=" + (hasApiKey() ? "<redacted>" : "<unset>")
                + "]";
    }
}
