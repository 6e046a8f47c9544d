package dev.hark.application.cluster;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.store.ProcessLeasePort;
import dev.hark.application.port.outbound.store.StoreProbe;
import dev.hark.application.port.outbound.store.Unavailable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the store answers, probed every {@code interval} ({@code PING}/{@code run_id} through
 * the lease port), for health and readiness: while it does not, a gateway is not ready and new
 * sessions are refused with a retry hint (H35). Starts as unreachable until the first answer.
 */
public final class StoreReachability {

    private final ProcessLeasePort store;
    private final SchedulerPort scheduler;
    private final Duration interval;
    private volatile Optional<String> refusal = Optional.of("the store (Redis) has not answered yet");
    private volatile String runId = "";
    private volatile boolean stopped;

    public StoreReachability(ProcessLeasePort store, SchedulerPort scheduler, Duration interval) {
        this.store = Objects.requireNonNull(store, "store");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    public void start() {
        probe();
    }

    public void stop() {
        stopped = true;
    }

    /** Why the store cannot take work now, or empty when it answered the last probe. */
    public Optional<String> refusal() {
        return refusal;
    }

    public boolean reachable() {
        return refusal.isEmpty();
    }

    /** The store's {@code run_id} at the last answer (a new one means Redis restarted). */
    public String runId() {
        return runId;
    }

    private void probe() {
        if (stopped) {
            return;
        }
        store.probe().whenComplete((outcome, failure) -> {
            switch (outcome) {
                case StoreProbe.Reachable reachable -> {
                    runId = reachable.runId();
                    refusal = Optional.empty();
                }
                case Unavailable unavailable -> refusal = Optional.of("the store (Redis) is unreachable: "
                        + unavailable.cause().name().toLowerCase(java.util.Locale.ROOT));
                case null -> refusal = Optional.of("the store (Redis) probe failed");
            }
            if (!stopped) {
                scheduler.schedule(interval, this::probe);
            }
        });
    }
}
