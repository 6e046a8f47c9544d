package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Root of config.yml. Every section has defaults that run out of the box. */
public class HarkConfiguration extends Configuration {

    @NotNull
    @JsonProperty
    private ProviderKind provider = ProviderKind.EMBEDDED;

    @Valid
    @NotNull
    @JsonProperty
    private EmbeddedEngineFactory embedded = new EmbeddedEngineFactory();

    @Valid
    @NotNull
    @JsonProperty
    private DeepgramFactory deepgram = new DeepgramFactory();

    @Valid
    @NotNull
    @JsonProperty
    private StreamEndpointFactory stream = new StreamEndpointFactory();

    @Valid
    @NotNull
    @JsonProperty
    private SessionsFactory sessions = new SessionsFactory();

    @Valid
    @NotNull
    @JsonProperty
    private AuthFactory auth = new AuthFactory();

    @Valid
    @NotNull
    @JsonProperty
    private DrainFactory drain = new DrainFactory();

    @Valid
    @NotNull
    @JsonProperty
    private ListenEndpointFactory listen = new ListenEndpointFactory();

    @Valid
    @NotNull
    @JsonProperty
    private DemoFactory demo = new DemoFactory();

    @Valid
    @NotNull
    @JsonProperty
    private ClusterFactory cluster = new ClusterFactory();

    public ProviderKind provider() {
        return provider;
    }

    public EmbeddedEngineFactory embedded() {
        return embedded;
    }

    public DeepgramFactory deepgram() {
        return deepgram;
    }

    /** Fails startup, not the first session, when Deepgram is chosen without a key. */
    @ValidationMethod(message = "deepgram.apiKey must be set (environment variable DEEPGRAM_API_KEY) when provider is deepgram")
    @JsonIgnore
    public boolean isDeepgramKeyPresentWhenNeeded() {
        return provider != ProviderKind.DEEPGRAM || deepgram.hasApiKey();
    }

    public StreamEndpointFactory stream() {
        return stream;
    }

    public ListenEndpointFactory listen() {
        return listen;
    }

    public SessionsFactory sessions() {
        return sessions;
    }

    public AuthFactory auth() {
        return auth;
    }

    public DrainFactory drain() {
        return drain;
    }

    public DemoFactory demo() {
        return demo;
    }

    public ClusterFactory cluster() {
        return cluster;
    }
}
