package dev.hark.bootstrap.wiring;

import com.codahale.metrics.health.HealthCheck;
import com.google.inject.Injector;
import dev.hark.application.cluster.RecognizerWorker;
import dev.hark.application.cluster.StoreReachability;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import java.util.List;

/**
 * What the cluster roles add to a process: a worker serves no public port (only its admin port)
 * and runs the {@link RecognizerWorker}; a gateway and a worker report whether Redis answers
 * ({@code /healthcheck}'s {@code redis} entry; readiness follows it through the recognizer's
 * capacity).
 */
public final class ClusterRoles {

    private ClusterRoles() {
    }

    /** Role {@code worker}: no application connector, the worker loop managed by the lifecycle. */
    public static void install(Injector injector, HarkConfiguration configuration, Environment environment) {
        if (configuration.getServerFactory() instanceof DefaultServerFactory server) {
            server.setApplicationConnectors(List.of());
        }
        injector.getInstance(RecognizerWorker.class); // its provider registers start/stop
        installStoreHealth(injector, environment);
    }

    /** The {@code redis} health check: unhealthy while the last probe found Redis unreachable. */
    public static void installStoreHealth(Injector injector, Environment environment) {
        StoreReachability store = injector.getInstance(StoreReachability.class);
        environment.healthChecks().register("redis", new HealthCheck() {
            @Override
            protected Result check() {
                return store.refusal().map(Result::unhealthy)
                        .orElseGet(() -> Result.healthy("redis reachable, run_id " + store.runId()));
            }
        });
    }
}
