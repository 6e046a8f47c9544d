package dev.hark.bootstrap.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.hark.application.access.AccessService;
import dev.hark.application.access.AccessSettings;
import dev.hark.application.port.outbound.AccessMetricsPort;
import dev.hark.application.port.outbound.AccessTokenPort;
import dev.hark.application.port.inbound.HealthQuery;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.service.ClientJournaling;
import dev.hark.application.service.DrainCoordinator;
import dev.hark.application.service.LanePool;
import dev.hark.application.service.ServerHealthService;
import dev.hark.application.service.StreamingSessionService;
import dev.hark.bootstrap.config.ClusterRole;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.health.HarkMetrics;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import dev.hark.infrastructure.inbound.websocket.StreamEndpointSettings;
import dev.hark.infrastructure.outbound.conversion.ConvertingRecognizerAdapter;
import dev.hark.infrastructure.outbound.deepgram.DeepgramRecognizerAdapter;
import dev.hark.infrastructure.outbound.echo.EchoRecognizerAdapter;
import dev.hark.infrastructure.outbound.embedded.EmbeddedRecognizerAdapter;
import dev.hark.infrastructure.outbound.metrics.DropwizardSessionMetricsAdapter;
import dev.hark.infrastructure.outbound.metrics.PrometheusAccessMetricsAdapter;
import dev.hark.infrastructure.outbound.metrics.PrometheusSessionMetricsAdapter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import dev.hark.infrastructure.outbound.scheduling.ExecutorSchedulerAdapter;
import dev.hark.infrastructure.outbound.scheduling.SystemTickerAdapter;
import dev.hark.infrastructure.outbound.secrets.SecureRandomSecretSourceAdapter;
import dev.hark.infrastructure.outbound.tokens.NimbusAccessTokenAdapter;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import com.google.inject.Injector;
import dev.hark.application.cluster.StoreReachability;
import dev.hark.application.cluster.StoreRecognizerAdapter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

/**
 * Binds ports to adapters for one process: the session core, its lanes, timers and clocks, the
 * recognizer provider, access and metrics. Anything owning threads or native handles is registered
 * with Dropwizard's lifecycle here, so it is stopped when the server stops. Cluster mode's
 * bindings (Redis, the store-backed recognizer, the worker loop) live in {@link ClusterModule},
 * installed from here.
 */
public final class HarkModule extends AbstractModule {

    private final HarkConfiguration configuration;
    private final Environment environment;
    private final UnaryOperator<SpeechRecognizerPort> recognizerDecorator;

    public HarkModule(HarkConfiguration configuration, Environment environment) {
        this(configuration, environment, UnaryOperator.identity());
    }

    /** @param recognizerDecorator wraps the configured recognizer; tests use it to inject faults */
    public HarkModule(HarkConfiguration configuration, Environment environment,
                      UnaryOperator<SpeechRecognizerPort> recognizerDecorator) {
        this.configuration = configuration;
        this.environment = environment;
        this.recognizerDecorator = recognizerDecorator;
    }

    /** Cluster mode's bindings; built only for roles gateway and worker, when something here asks for them. */
    @Override
    protected void configure() {
        install(new ClusterModule(configuration, environment, recognizerDecorator));
    }

    @Provides
    @Singleton
    @Named("lanes")
    ExecutorService laneExecutor() {
        int threads = configuration.sessions().laneThreads();
        return environment.lifecycle().executorService("session-lane-%d")
                .minThreads(threads).maxThreads(threads).build();
    }

    @Provides
    @Singleton
    @Named("decoding")
    ExecutorService decodeExecutor() {
        int threads = configuration.embedded().decodeThreads();
        return environment.lifecycle().executorService("decode-%d")
                .minThreads(threads).maxThreads(threads).build();
    }

    /** The configured provider, seen through both of its ports: recognition, and capacity for health. */
    record ConfiguredRecognizer(SpeechRecognizerPort recognition, RecognizerCapacityPort capacity) {
    }

    @Provides
    @Singleton
    SpeechRecognizerPort recognizer(ConfiguredRecognizer configured) {
        return recognizerDecorator.apply(configured.recognition());
    }

    @Provides
    @Singleton
    RecognizerCapacityPort recognizerCapacity(ConfiguredRecognizer configured) {
        return configured.capacity();
    }

    /**
     * A gateway's recognizer is the cluster (Redis and the workers behind it); every other role
     * decodes here. A worker's recognizer is the one its
     * {@link dev.hark.application.cluster.RecognizerWorker} feeds (see {@link ClusterModule}).
     */
    @Provides
    @Singleton
    ConfiguredRecognizer configuredRecognizer(@Named("decoding") ExecutorService decodeExecutor, Injector injector) {
        return switch (configuration.cluster().role()) {
            case GATEWAY -> {
                StoreRecognizerAdapter cluster = injector.getInstance(StoreRecognizerAdapter.class);
                yield new ConfiguredRecognizer(cluster, cluster);
            }
            case ALL -> localRecognizer(decodeExecutor);
            case WORKER -> ClusterModule.refusingWhileStoreUnreachable(localRecognizer(decodeExecutor),
                    injector.getInstance(StoreReachability.class));
        };
    }

    private ConfiguredRecognizer localRecognizer(ExecutorService decodeExecutor) {
        return switch (configuration.provider()) {
            case EMBEDDED -> {
                // decoders are created on a thread of their own: half a second of CPU each must not
                // hold up the streams being decoded
                ExecutorService creation = environment.lifecycle().executorService("decoder-create-%d")
                        .minThreads(1).maxThreads(1).build();
                EmbeddedRecognizerAdapter adapter = EmbeddedRecognizerAdapter.create(configuration.embedded().build(),
                        decodeExecutor, creation);
                environment.lifecycle().manage(new AutoCloseableManager(adapter));
                HarkMetrics.registerEmbedded(environment.metrics(), adapter::load);
                // the engine takes 16 kHz mono linear16; every other client format is converted in front of it
                yield new ConfiguredRecognizer(new ConvertingRecognizerAdapter(adapter), adapter);
            }
            case DEEPGRAM -> {
                DeepgramRecognizerAdapter adapter = DeepgramRecognizerAdapter.start(configuration.deepgram().build());
                environment.lifecycle().manage(new AutoCloseableManager(adapter));
                yield new ConfiguredRecognizer(adapter, adapter);
            }
            // benchmarks and tests: callbacks on the decode pool, one serial lane per stream
            case ECHO -> {
                EchoRecognizerAdapter adapter = new EchoRecognizerAdapter(decodeExecutor);
                yield new ConfiguredRecognizer(adapter, adapter);
            }
        };
    }

    /** Token issue and expiry times are timestamps: the one wall clock the core is given. */
    @Provides
    @Singleton
    Clock wallClock() {
        return Clock.systemUTC();
    }

    /** Timers get their own thread so decoding or socket work can never starve them. */
    @Provides
    @Singleton
    ExecutorSchedulerAdapter timers() {
        return new ExecutorSchedulerAdapter(environment.lifecycle().scheduledExecutorService("timers-%d").threads(1).build());
    }

    @Provides
    @Singleton
    SchedulerPort scheduler(ExecutorSchedulerAdapter timers) {
        return timers;
    }

    /** Every duration of the session core is measured on the monotonic clock, never on the wall clock. */
    @Provides
    @Singleton
    TickerPort ticker() {
        return new SystemTickerAdapter();
    }

    /** Hark's own Prometheus registry (not the client's global default), served at the admin {@code /prometheus}. */
    @Provides
    @Singleton
    PrometheusRegistry prometheus() {
        return new PrometheusRegistry();
    }

    /** Prometheus with labels, and the JSON {@code /metrics} names kept as they were: each event reaches both once. */
    @Provides
    @Singleton
    SessionMetricsPort sessionMetrics(PrometheusRegistry prometheus) {
        return new PrometheusSessionMetricsAdapter(prometheus, new DropwizardSessionMetricsAdapter(environment.metrics()));
    }

    @Provides
    @Singleton
    HealthQuery health(StreamingSessionService sessions, DrainCoordinator drain, RecognizerCapacityPort capacity,
                       @Named("lanes") ExecutorService lanes, SchedulerPort scheduler) {
        return new ServerHealthService(sessions, drain, capacity, lanes, scheduler);
    }

    @Provides
    @Singleton
    SecretSourcePort secrets() {
        return new SecureRandomSecretSourceAdapter();
    }

    @Provides
    @Singleton
    StreamingSessionService sessions(SpeechRecognizerPort recognizer, SecretSourcePort secrets,
                                     @Named("lanes") ExecutorService lanes, SchedulerPort scheduler,
                                     TickerPort ticker, SessionMetricsPort metrics, Injector injector) {
        // a gateway journals its sessions' client side so another gateway can adopt them (H33); role all has no journal
        Optional<ClientJournaling> journaling = configuration.cluster().role() == ClusterRole.GATEWAY
                ? Optional.of(injector.getInstance(ClientJournaling.class)) : Optional.empty();
        return new StreamingSessionService(recognizer, secrets,
                new LanePool(lanes, configuration.sessions().laneInlineTasks()), scheduler, ticker, metrics,
                configuration.sessions().build(), journaling);
    }

    @Provides
    @Singleton
    DrainCoordinator drain(StreamingSessionService sessions, SchedulerPort scheduler, TickerPort ticker) {
        return new DrainCoordinator(sessions, scheduler, ticker, configuration.drain().build());
    }

    @Provides
    @Singleton
    AccessSettings accessSettings() {
        return configuration.auth().build();
    }

    /** A configured secret lets every instance behind one load balancer accept the others' tokens. */
    @Provides
    @Singleton
    AccessTokenPort accessTokens() {
        String secret = configuration.auth().tokenSecret();
        return secret.isEmpty() ? NimbusAccessTokenAdapter.withRandomSecret() : NimbusAccessTokenAdapter.withSecret(secret);
    }

    @Provides
    @Singleton
    AccessMetricsPort accessMetrics(PrometheusRegistry prometheus) {
        return new PrometheusAccessMetricsAdapter(prometheus);
    }

    @Provides
    @Singleton
    AccessService access(AccessSettings settings, AccessTokenPort tokens, Clock wallClock, AccessMetricsPort metrics) {
        return new AccessService(settings, tokens, wallClock, metrics);
    }

    @Provides
    @Singleton
    StreamEndpointSettings streamEndpointSettings() {
        return configuration.stream().build();
    }

    @Provides
    @Singleton
    ClientSendStats clientSendStats() {
        return new ClientSendStats();
    }
}
