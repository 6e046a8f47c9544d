package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.infrastructure.outbound.embedded.CapacitySettings;
import dev.hark.infrastructure.outbound.embedded.EmbeddedEngineSettings;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * The {@code embedded:} section. Defaults match Debian's pocketsphinx packages; the capacity
 * bounds left at 0 are derived from the machine ({@link CapacitySettings#forMachine}).
 */
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

    /** Live decoders at most (memory); 0 = from the machine. */
    @Min(0)
    @Max(1024)
    @JsonProperty
    private int maxDecoders = 0;

    @Min(0)
    @Max(1024)
    @JsonProperty
    private int warmDecoders = DEFAULTS.capacity().warmDecoders();

    /** CPU the decoders may use, in cores (decode capacity); 0 = derived from the machine's cores. */
    @DecimalMin("0")
    @JsonProperty
    private double decodeCores = 0;

    @DecimalMin(value = "0", inclusive = false)
    @JsonProperty
    private double initialRealTimeFactor = DEFAULTS.capacity().initialRealTimeFactor();

    @JsonProperty
    private Duration admissionLag = Duration.milliseconds(DEFAULTS.capacity().admissionLag().toMillis());

    @JsonProperty
    private Duration capacityRetryAfter = Duration.milliseconds(DEFAULTS.capacity().retryAfter().toMillis());

    @Valid
    @NotNull
    @JsonProperty
    private SearchFactory search = new SearchFactory();

    /** Audio handed to the engine at a time; longer chunks decode more audio per CPU second, later. */
    @JsonProperty
    private Duration chunk = Duration.milliseconds(DEFAULTS.chunk().toMillis());

    @JsonProperty
    private Duration interimInterval = Duration.milliseconds(DEFAULTS.interimInterval().toMillis());

    @JsonProperty
    private Duration maxBacklog = Duration.milliseconds(DEFAULTS.maxBacklog().toMillis());

    @Min(1)
    @Max(64)
    @JsonProperty
    private int decodeThreads = Math.max(1, Runtime.getRuntime().availableProcessors());

    public EmbeddedEngineSettings build() {
        CapacitySettings machine = DEFAULTS.capacity();
        int decoders = maxDecoders > 0 ? maxDecoders : machine.maxDecoders();
        CapacitySettings capacity = new CapacitySettings(decoders, Math.min(warmDecoders, decoders),
                decodeCores > 0 ? decodeCores : machine.decodeCores(), initialRealTimeFactor,
                admissionLag.toJavaDuration(), capacityRetryAfter.toJavaDuration());
        return new EmbeddedEngineSettings(pocketsphinxLibrary, sphinxbaseLibrary, Path.of(acousticModel),
                Path.of(languageModel), Path.of(dictionary), capacity, search.build(), chunk.toJavaDuration(),
                interimInterval.toJavaDuration(), maxBacklog.toJavaDuration());
    }

    public int decodeThreads() {
        return decodeThreads;
    }
}
