package dev.hark.bootstrap.lifecycle;

import dev.hark.application.port.inbound.DrainUseCase;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drain (H29) when the server starts stopping and before it stops anything. Jetty's
 * {@code Server.stop()} first tells its listeners ({@code lifeCycleStopping}), then in
 * {@code doStop} shuts down gracefully: connectors stop accepting, and the WebSocket session
 * tracker closes every open socket with 1001 at once; only after that are managed objects stopped.
 * So a drain in a {@code Managed.stop()} would find every client already gone, and
 * {@code server.shutdownGracePeriod} bounds that graceful step, not ours. This listener blocks
 * {@code lifeCycleStopping} until the drain is done (bounded by its own timeouts plus a margin):
 * meanwhile connectors still accept, so new clients get a typed {@code SERVER_DRAINING} and the
 * admin port still answers readiness 503.
 */
public final class DrainBeforeJettyStops implements LifeCycle.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(DrainBeforeJettyStops.class);
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final DrainUseCase drain;
    private final Duration bound;

    /** @param bound the drain's own worst case (timeout plus finalize timeout); a margin is added */
    public DrainBeforeJettyStops(DrainUseCase drain, Duration bound) {
        this.drain = drain;
        this.bound = bound.plus(MARGIN);
    }

    @Override
    public void lifeCycleStopping(LifeCycle event) {
        if (!(event instanceof Server)) {
            return;
        }
        try {
            drain.drain().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("drain interrupted; stopping now");
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("drain did not complete ({}); stopping now", e.toString());
        }
    }
}
