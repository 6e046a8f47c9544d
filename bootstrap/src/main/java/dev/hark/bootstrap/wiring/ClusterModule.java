package dev.hark.bootstrap.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.hark.application.cluster.RecognizerWorker;
import dev.hark.application.cluster.StoreReachability;
import dev.hark.application.cluster.ClusterSettings;
import dev.hark.application.cluster.StoreRecognizerAdapter;
import dev.hark.application.service.ClientJournaling;
import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.port.outbound.RecognizerCapacityPort.RecognizerCapacity;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.ProcessLeasePort;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.wiring.HarkModule.ConfiguredRecognizer;
import dev.hark.infrastructure.outbound.metrics.PrometheusClusterMetricsAdapter;
import dev.hark.infrastructure.outbound.redis.LettuceClientJournalAdapter;
import dev.hark.infrastructure.outbound.redis.LettuceGatewayStoreAdapter;
import dev.hark.infrastructure.outbound.redis.LettuceLeaseAdapter;
import dev.hark.infrastructure.outbound.redis.LettuceWorkerStoreAdapter;
import dev.hark.infrastructure.outbound.redis.RedisConnections;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/**
 * The cluster-mode wiring (roles {@code gateway} and {@code worker}): the Redis connections, the
 * lease, the store's reachability probe, the cluster metrics, a gateway's
 * {@link StoreRecognizerAdapter} and a worker's {@link RecognizerWorker}.
 *
 * <p>A module of its own because it is a second wiring job beside {@link HarkModule}'s
 * single-process one, with resources (Redis connections, the worker loop) that role {@code all}
 * never builds: every binding here is a lazy singleton, made only when {@link HarkModule}'s
 * recognizer choice or {@link ClusterRoles} asks for it. Installed by {@link HarkModule}, whose
 * ports (scheduler, ticker, secrets, the local recognizer) it uses.
 */
final class ClusterModule extends AbstractModule {

    /** Redis may be started alongside, or slow on a loaded machine (the handshake has the 1 s command timeout). */
    private static final Duration REDIS_STARTUP_BOUND = Duration.ofSeconds(60);
    private static final Duration REDIS_STARTUP_RETRY = Duration.ofMillis(500);
    private static final Duration REACHABILITY_PROBE_INTERVAL = Duration.ofSeconds(1);

    private final HarkConfiguration configuration;
    private final Environment environment;
    private final UnaryOperator<SpeechRecognizerPort> recognizerDecorator;

    /** @param recognizerDecorator what {@link HarkModule} wraps its recognizer in, applied to the worker's too */
    ClusterModule(HarkConfiguration configuration, Environment environment,
                  UnaryOperator<SpeechRecognizerPort> recognizerDecorator) {
        this.configuration = configuration;
        this.environment = environment;
        this.recognizerDecorator = recognizerDecorator;
    }

    /** A worker cut off from Redis decodes nothing new: its capacity carries the store's refusal, so it is not ready. */
    static ConfiguredRecognizer refusingWhileStoreUnreachable(ConfiguredRecognizer local, StoreReachability store) {
        return new ConfiguredRecognizer(local.recognition(), () -> {
            RecognizerCapacity own = local.capacity().capacity();
            return store.refusal().map(why -> new RecognizerCapacity(own.inUse(), own.idle(), own.limit(),
                    own.backlogSeconds(), Optional.of(why))).orElse(own);
        });
    }

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

    /** Startup waits up to {@link #REDIS_STARTUP_BOUND} for Redis, then fails with the cause. */
    private RedisConnections openRedis() {
        long deadline = System.nanoTime() + REDIS_STARTUP_BOUND.toNanos();
        while (true) {
            try {
                return RedisConnections.open(configuration.cluster().redis());
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LoggerFactory.getLogger(ClusterModule.class).warn("Redis at {} not reachable yet ({}); retrying",
                        configuration.cluster().redis().uri(), e.getMessage());
                LockSupport.parkNanos(REDIS_STARTUP_RETRY.toNanos());
            }
        }
    }

    @Provides
    @Singleton
    ProcessLeasePort processLease(RedisConnections connections) {
        return new LettuceLeaseAdapter(connections);
    }

    @Provides
    @Singleton
    StoreReachability storeReachability(ProcessLeasePort lease, SchedulerPort scheduler) {
        StoreReachability reachability = new StoreReachability(lease, scheduler, REACHABILITY_PROBE_INTERVAL);
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

    /** A gateway's client journal (H33): every resumable session written ahead, adoptable by another gateway. */
    @Provides
    @Singleton
    ClientJournaling clientJournaling(NodeId node, RedisConnections connections, ClusterMetricsPort metrics) {
        ClusterSettings settings = configuration.cluster().build(configuration.sessions(), 0);
        return new ClientJournaling(new LettuceClientJournalAdapter(connections), node, settings.storeRetryDelay(),
                settings.storeOutageBound(), settings.sessionGrace(), metrics);
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
}
