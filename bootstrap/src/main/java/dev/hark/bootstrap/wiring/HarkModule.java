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
import dev.hark.application.service.DrainCoordinator;
import dev.hark.application.service.LanePool;
import dev.hark.application.service.ServerHealthService;
import dev.hark.application.service.StreamingSessionService;
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
import dev.hark.application.cluster.RecognizerWorker;
import dev.hark.application.cluster.StoreReachability;
import dev.hark.application.cluster.StoreRecognizerAdapter;
import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.ProcessLeasePort;
import dev.hark.infrastructure.outbound.metrics.PrometheusClusterMetricsAdapter;
import dev.hark.infrastructure.outbound.redis.LettuceGatewayStoreAdapter;
import dev.hark.infrastructure.outbound.redis.LettuceLeaseAdapter;
import dev.hark.infrastructure.outbound.redis.LettuceWorkerStoreAdapter;
import dev.hark.infrastructure.outbound.redis.RedisConnections;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

/**
 * Binds ports to adapters. Anything owning threads or native handles is registered with
 * Dropwizard's lifecycle here, so it is stopped when the server stops.
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
     * decodes here. A worker's recognizer is the one its {@link RecognizerWorker} feeds.
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
            case WORKER -> {
                ConfiguredRecognizer local = localRecognizer(decodeExecutor);
                StoreReachability store = injector.getInstance(StoreReachability.class);
                // a worker cut off from Redis decodes nothing new: not ready
                yield new ConfiguredRecognizer(local.recognition(), () -> {
                    RecognizerCapacityPort.RecognizerCapacity own = local.capacity().capacity();
                    return store.refusal().map(why -> new RecognizerCapacityPort.RecognizerCapacity(own.inUse(),
                            own.idle(), own.limit(), own.backlogSeconds(), java.util.Optional.of(why))).orElse(own);
                });
            }
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

    // ---- cluster mode (roles gateway and worker; never built for role all) ----

    @Provides
    @Singleton
    NodeId nodeId() {
        return configuration.cluster().nodeId();
    }

    @Provides
    @Singleton
    RedisConnections redisConnections() {
        RedisConnections connections = openRedis();
        environment.lifecycle().manage(new AutoCloseableManager(connections));
        return connections;
    }

    /**
     * Startup waits up to {@link #REDIS_STARTUP_BOUND} for Redis (started alongside, or slow on a
     * loaded machine: the handshake has the 1 s command timeout), then fails with the cause.
     */
    private RedisConnections openRedis() {
        long deadline = System.nanoTime() + REDIS_STARTUP_BOUND.toNanos();
        while (true) {
            try {
                return RedisConnections.open(configuration.cluster().redis());
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                org.slf4j.LoggerFactory.getLogger(HarkModule.class)
                        .warn("Redis at {} not reachable yet ({}); retrying", configuration.cluster().redis().uri(),
                                e.getMessage());
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }
    }

    private static final Duration REDIS_STARTUP_BOUND = Duration.ofSeconds(60);

    @Provides
    @Singleton
    ProcessLeasePort processLease(RedisConnections connections) {
        return new LettuceLeaseAdapter(connections);
    }

    @Provides
    @Singleton
    StoreReachability storeReachability(ProcessLeasePort lease, SchedulerPort scheduler) {
        StoreReachability reachability = new StoreReachability(lease, scheduler, Duration.ofSeconds(1));
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() {
                reachability.start();
            }

            @Override
            public void stop() {
                reachability.stop();
            }
        });
        return reachability;
    }

    @Provides
    @Singleton
    ClusterMetricsPort clusterMetrics(PrometheusRegistry prometheus) {
        return new PrometheusClusterMetricsAdapter(prometheus);
    }

    @Provides
    @Singleton
    StoreRecognizerAdapter storeRecognizer(NodeId node, RedisConnections connections, SecretSourcePort secrets,
                                           SchedulerPort scheduler, TickerPort ticker, ClusterMetricsPort metrics,
                                           StoreReachability reachability) {
        LettuceGatewayStoreAdapter store = new LettuceGatewayStoreAdapter(connections);
        environment.lifecycle().manage(new AutoCloseableManager(store));
        return new StoreRecognizerAdapter(node, store, secrets, scheduler, ticker, metrics,
                configuration.cluster().build(configuration.sessions(), 0), reachability::refusal);
    }

    /** The worker loop; started and stopped (sessions released to other workers) by Dropwizard's lifecycle. */
    @Provides
    @Singleton
    RecognizerWorker recognizerWorker(NodeId node, RedisConnections connections, ProcessLeasePort lease,
                                      ConfiguredRecognizer local, SchedulerPort scheduler, TickerPort ticker,
                                      ClusterMetricsPort metrics) {
        LettuceWorkerStoreAdapter store = new LettuceWorkerStoreAdapter(connections, node);
        RecognizerWorker worker = new RecognizerWorker(node, store, lease, recognizerDecorator.apply(local.recognition()),
                scheduler, ticker, metrics,
                configuration.cluster().build(configuration.sessions(), local.capacity().capacity().limit()));
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() {
                worker.start();
            }

            @Override
            public void stop() {
                worker.close();
                store.close();
            }
        });
        return worker;
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
                                     TickerPort ticker, SessionMetricsPort metrics) {
        return new StreamingSessionService(recognizer, secrets,
                new LanePool(lanes, configuration.sessions().laneInlineTasks()), scheduler, ticker, metrics,
                configuration.sessions().build());
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
