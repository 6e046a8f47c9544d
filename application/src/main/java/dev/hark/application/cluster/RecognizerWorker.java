package dev.hark.application.cluster;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.port.outbound.store.Assignment;
import dev.hark.application.port.outbound.store.AssignmentBatch;
import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.port.outbound.store.LeaseOutcome;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NodeRole;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.ProcessLeasePort;
import dev.hark.application.port.outbound.store.SessionEnded;
import dev.hark.application.port.outbound.store.TakeOverOutcome;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.application.port.outbound.store.WorkerSessionStorePort;
import dev.hark.domain.session.SessionId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ASR worker: holds its process lease, takes sessions from the assignment stream while it has
 * room ({@code workerCapacity}; a full worker reads no assignment, so the others get them: load
 * spreads by who has room), takes each over in the store (which bumps the epoch and refuses while
 * the previous owner's lease lives), and runs a {@link WorkerSession} per owned session. It also
 * reclaims assignments dead workers read and never took.
 *
 * <p>A renewal answered "lease lost" means the store declared this process dead (it was paused
 * or cut off past its lease): every session is dropped at once, without a write, and the lease is
 * taken afresh. The fences make that drop safe even if it comes late (H31).
 */
public final class RecognizerWorker implements AutoCloseable {

    private static final Logger LOG = System.getLogger(RecognizerWorker.class.getName());

    private final NodeId id;
    private final WorkerSessionStorePort store;
    private final ProcessLeasePort lease;
    private final SpeechRecognizerPort recognizer;
    private final SchedulerPort scheduler;
    private final TickerPort ticker;
    private final ClusterMetricsPort metrics;
    private final ClusterSettings settings;
    private final Map<SessionId, WorkerSession> sessions = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile boolean leaseHeld;
    /** Only for the log line an operator needs when sessions wait because this worker is full. */
    private volatile boolean full;

    public RecognizerWorker(NodeId id, WorkerSessionStorePort store, ProcessLeasePort lease,
                            SpeechRecognizerPort recognizer, SchedulerPort scheduler, TickerPort ticker,
                            ClusterMetricsPort metrics, ClusterSettings settings) {
        this.id = Objects.requireNonNull(id, "id");
        this.store = Objects.requireNonNull(store, "store");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public NodeId id() {
        return id;
    }

    /** Sessions this worker decodes now. */
    public int sessions() {
        return sessions.size();
    }

    public boolean leaseHeld() {
        return leaseHeld;
    }

    /** Takes the lease, then starts renewing it and reading assignments. Returns at once. */
    public void start() {
        acquireLease();
        poll();
        scheduler.schedule(settings.leaseTtl(), this::reclaim);
    }

    /** Stops taking work and gives every session back so other workers take them over at once (drain). */
    @Override
    public void close() {
        stopped = true;
        List.copyOf(sessions.values()).forEach(WorkerSession::release);
        lease.release(NodeRole.WORKER, id);
    }

    private void acquireLease() {
        if (stopped) {
            return;
        }
        lease.acquire(NodeRole.WORKER, id, settings.leaseTtl()).whenComplete((outcome, failure) -> {
            boolean held = outcome instanceof LeaseOutcome.LeaseHeld;
            leaseHeld = held;
            if (!held) {
                LOG.log(Level.WARNING, "worker {0}: could not take its lease ({1}); retrying", id, outcome);
            }
            scheduler.schedule(held ? settings.leaseRenewInterval() : settings.storeRetryDelay(),
                    held ? this::renewLease : this::acquireLease);
        });
    }

    private void renewLease() {
        if (stopped) {
            return;
        }
        lease.renew(NodeRole.WORKER, id, settings.leaseTtl()).whenComplete((outcome, failure) -> {
            switch (outcome) {
                case LeaseOutcome.LeaseHeld held -> {
                    leaseHeld = true;
                    scheduler.schedule(settings.leaseRenewInterval(), this::renewLease);
                }
                case LeaseOutcome.LeaseLost lost -> {
                    leaseHeld = false;
                    LOG.log(Level.WARNING, "worker {0}: lease lost (declared dead); dropping {1} sessions",
                            id, sessions.size());
                    // dropped at once; then given back under the old fence, because this node's next lease
                    // would make it look alive again as their owner (refused as stale where another took over)
                    List.copyOf(sessions.values()).forEach(WorkerSession::release);
                    acquireLease();
                }
                case Unavailable unavailable -> scheduler.schedule(settings.storeRetryDelay(), this::renewLease);
                case null -> scheduler.schedule(settings.storeRetryDelay(), this::renewLease);
            }
        });
    }

    /** Reads as many assignments as there is room for; a full worker waits and reads none. */
    private void poll() {
        if (stopped) {
            return;
        }
        int room = settings.workerCapacity() - sessions.size();
        noteFull(room <= 0);
        if (room <= 0 || !leaseHeld) {
            scheduler.schedule(settings.storeRetryDelay(), this::poll);
            return;
        }
        store.nextAssignments(room, settings.assignmentBlock()).whenComplete((batch, failure) -> {
            switch (batch) {
                case AssignmentBatch.Assignments taken -> {
                    taken.assignments().forEach(this::take);
                    poll();
                }
                case Unavailable unavailable -> scheduler.schedule(settings.storeRetryDelay(), this::poll);
                case null -> scheduler.schedule(settings.storeRetryDelay(), this::poll);
            }
        });
    }

    private void noteFull(boolean nowFull) {
        if (nowFull != full) {
            full = nowFull;
            if (nowFull) {
                LOG.log(Level.WARNING, "worker {0}: full at {1} sessions (cluster.workerCapacity); new sessions wait"
                        + " for a worker with room", id, settings.workerCapacity());
            } else {
                LOG.log(Level.INFO, "worker {0}: has room again", id);
            }
        }
    }

    /**
     * Every lease period, claims assignments another worker read and never acknowledged for two
     * lease periods ({@code XAUTOCLAIM}: a worker killed between reading one and taking it over).
     * Taking one is fenced like any other; one already served (the session has a live owner, or
     * ended) is acknowledged, so the group's pending list does not grow with every dead worker.
     */
    private void reclaim() {
        if (stopped) {
            return;
        }
        int room = settings.workerCapacity() - sessions.size();
        if (room <= 0 || !leaseHeld) {
            scheduler.schedule(settings.leaseTtl(), this::reclaim);
            return;
        }
        store.reclaimAssignments(settings.leaseTtl().multipliedBy(2), room).whenComplete((batch, failure) -> {
            if (batch instanceof AssignmentBatch.Assignments claimed) {
                claimed.assignments().forEach(this::take);
            }
            scheduler.schedule(settings.leaseTtl(), this::reclaim);
        });
    }

    private void take(Assignment assignment) {
        SessionId sessionId = assignment.sessionId();
        long started = ticker.nanoTime();
        store.takeOver(sessionId).whenComplete((outcome, failure) -> {
            metrics.storeCommand("take_over", Duration.ofNanos(ticker.nanoTime() - started));
            switch (outcome) {
                case TakeOverOutcome.TookOver took -> {
                    store.acknowledge(assignment);
                    metrics.assignmentTaken(assignment.id());
                    if (took.fence().epoch() > 1 || assignment.reason() != AssignmentReason.NEW) {
                        metrics.takeover();
                    }
                    LOG.log(Level.INFO, "worker {0}: took session {1} ({2}) at epoch {3}, replaying from sample {4}",
                            id, sessionId, assignment.reason(), took.fence().epoch(), took.replayFrom());
                    WorkerSession session = new WorkerSession(sessionId, took, store, recognizer, scheduler, ticker,
                            metrics, settings, gone -> sessions.remove(gone.id(), gone));
                    WorkerSession previous = sessions.put(sessionId, session);
                    if (previous != null) {
                        previous.drop("superseded by a newer epoch");
                    }
                    session.start();
                }
                // someone else has it, or nothing is left to do: the assignment is spent
                case TakeOverOutcome.OwnerAlive alive -> store.acknowledge(assignment);
                case SessionEnded ended -> store.acknowledge(assignment);
                case NotFound missing -> store.acknowledge(assignment);
                // our own lease is gone or the store is away: leave it; the gateway asks again
                case TakeOverOutcome.NoLease noLease ->
                        LOG.log(Level.INFO, "worker {0}: no lease for taking {1}; the renewal takes it afresh", id, sessionId);
                case Unavailable unavailable -> LOG.log(Level.DEBUG, "worker {0}: take-over of {1} unavailable", id, sessionId);
                case null -> LOG.log(Level.WARNING, "worker {0}: take-over of {1} failed", id, sessionId, failure);
            }
        });
    }
}
