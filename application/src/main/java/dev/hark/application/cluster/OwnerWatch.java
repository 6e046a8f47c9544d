package dev.hark.application.cluster;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.port.outbound.store.GatewaySessionStorePort;
import dev.hark.application.port.outbound.store.InspectOutcome;
import dev.hark.application.port.outbound.store.SessionPhase;
import dev.hark.domain.session.SessionId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Keeps a live worker on one store session while a gateway's stream is open (H32): every
 * {@code ownerCheckInterval} it inspects the session, and when nobody owns it (a fresh session no
 * worker took yet) or its owner's lease lapsed (a dead or paused worker) it asks for a worker.
 *
 * <p>It asks at most once per half lease: the request that opened the session, or an earlier one,
 * needs that long to be taken, and asking again sooner would only queue duplicate assignments.
 * Its own class because it runs on its own timer, independent of the stream's ordered writes.
 */
final class OwnerWatch {

    private static final Logger LOG = System.getLogger(OwnerWatch.class.getName());

    private final SessionId storeId;
    private final SessionId clientSession;
    private final GatewaySessionStorePort store;
    private final SchedulerPort scheduler;
    private final TickerPort ticker;
    private final ClusterSettings settings;

    /** Guarded by {@code this}; null before {@link #start()}. */
    private SchedulerPort.ScheduledTask nextCheck;
    /** Guarded by {@code this}. */
    private boolean stopped;
    private volatile long lastWorkerRequest;

    /** Created when the session's worker was first requested: the half lease counts from then. */
    OwnerWatch(SessionId storeId, SessionId clientSession, GatewaySessionStorePort store, SchedulerPort scheduler,
               TickerPort ticker, ClusterSettings settings) {
        this.storeId = storeId;
        this.clientSession = clientSession;
        this.store = store;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.settings = settings;
        this.lastWorkerRequest = ticker.nanoTime();
    }

    synchronized void start() {
        scheduleNext();
    }

    /** No check runs after this returns, except one whose inspect is already in flight (it asks nothing new). */
    synchronized void stop() {
        stopped = true;
        if (nextCheck != null) {
            nextCheck.cancel();
        }
    }

    private synchronized boolean stopped() {
        return stopped;
    }

    private synchronized void scheduleNext() {
        if (!stopped) {
            nextCheck = scheduler.schedule(settings.ownerCheckInterval(), this::check);
        }
    }

    private void check() {
        if (stopped()) {
            return;
        }
        store.inspect(storeId).whenComplete((outcome, failure) -> {
            if (outcome instanceof InspectOutcome.Inspected seen && seen.phase() != SessionPhase.ENDED
                    && (seen.owner().isEmpty() || !seen.ownerAlive())
                    && ticker.nanoTime() - lastWorkerRequest >= settings.leaseTtl().toNanos() / 2) {
                lastWorkerRequest = ticker.nanoTime();
                AssignmentReason reason = seen.owner().isEmpty() ? AssignmentReason.RELEASED : AssignmentReason.OWNER_LOST;
                LOG.log(Level.INFO, "session {0} (store {1}): no live worker ({2}); asking for one", clientSession,
                        storeId, seen.owner().isEmpty() ? "none took it" : "owner " + seen.owner() + " lost its lease");
                store.requestWorker(storeId, reason);
            }
            scheduleNext();
        });
    }
}
