package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.infrastructure.outbound.embedded.EmbeddedEngineSettings;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;

/** The {@code embedded:} section. Defaults match Debian's pocketsphinx packages. */
public class EmbeddedEngineFactory {

    private static final EmbeddedEngineSettings DEFAULTS = EmbeddedEngineSettings.defaults();

    @NotEmpty
    @JsonProperty
    private String pocketsphinxLibrary = DEFAULTS.pocketsphinxLibrary();

    @NotEmpty
    @JsonProperty
    private String sphinxbaseLibrary = DEFAULTS.sphinxbaseLibrary();

    @NotEmpty
    @JsonProperty
    private String acousticModel = DEFAULTS.acousticModel().toString();

    @NotEmpty
    @JsonProperty
    private String languageModel = DEFAULTS.languageModel().toString();

    @NotEmpty
    @JsonProperty
    private String dictionary = DEFAULTS.dictionary().toString();

    @Min(1)
    @Max(64)
    @JsonProperty
    private int maxDecoders = DEFAULTS.maxDecoders();

    @Min(0)
    @Max(64)
    @JsonProperty
    private int warmDecoders = DEFAULTS.warmDecoders();

    @JsonProperty
    private Duration interimInterval = Duration.milliseconds(DEFAULTS.interimInterval().toMillis());

    @JsonProperty
    private Duration capacityRetryAfter = Duration.milliseconds(DEFAULTS.capacityRetryAfter().toMillis());

    @JsonProperty
    private Duration maxBacklog = Duration.milliseconds(DEFAULTS.maxBacklog().toMillis());

    @Min(1)
    @Max(64)
    @JsonProperty
    private int decodeThreads = Math.max(1, Runtime.getRuntime().availableProcessors());

    public EmbeddedEngineSettings build() {
        return new EmbeddedEngineSettings(pocketsphinxLibrary, sphinxbaseLibrary, Path.of(acousticModel),
                Path.of(languageModel), Path.of(dictionary), maxDecoders, Math.min(warmDecoders, maxDecoders),
                interimInterval.toJavaDuration(), capacityRetryAfter.toJavaDuration(), maxBacklog.toJavaDuration());
    }

    public int decodeThreads() {
        return decodeThreads;
    }
}
