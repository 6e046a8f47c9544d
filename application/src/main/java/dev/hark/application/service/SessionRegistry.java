package dev.hark.application.service;

import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The live sessions by id, each with its key's admission slot, and the one way an event reaches
 * a session: queued on its lane.
 *
 * <p>Invariant: a session is in the map from creation until its {@code end()} runs, and removal
 * only removes that very session (a newer session can never be forgotten by an older one's end).
 * Thread-safe: called from socket threads, the drain and every session's lane.
 */
final class SessionRegistry {

    private static final Logger LOG = System.getLogger(SessionRegistry.class.getName());

    private final Map<SessionId, LiveSession> sessions = new ConcurrentHashMap<>();
    /** Each live session's claim on its key's limits; it also says which key may resume it. */
    private final Map<SessionId, KeyAdmission.Slot> slots = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<Void>> emptied = new AtomicReference<>();

    void add(LiveSession live, KeyAdmission.Slot slot) {
        slots.put(live.session().id(), slot);
        sessions.put(live.session().id(), live);
    }

    /** The live session {@code id}, or null when it is unknown or has ended. */
    LiveSession find(SessionId id) {
        return sessions.get(id);
    }

    /** The admission slot of the live session {@code id}, or null when it is unknown or has ended. */
    KeyAdmission.Slot slot(SessionId id) {
        return slots.get(id);
    }

    /** Queues {@code action} on the lane of the session {@code handle} names, stamped with its generation. */
    Routing route(StreamHandle handle, String event, BiConsumer<LiveSession, Generation> action) {
        LiveSession live = sessions.get(handle.sessionId());
        if (live == null) {
            return gone(handle, event);
        }
        live.lane().execute(() -> action.accept(live, handle.generation()));
        return Routing.QUEUED;
    }

    /** Queues {@code action} on every live session's lane. */
    void forEachOnLane(Consumer<LiveSession> action) {
        for (LiveSession live : sessions.values()) {
            live.lane().execute(() -> action.accept(live));
        }
    }

    int size() {
        return sessions.size();
    }

    int count(Predicate<LiveSession> test) {
        return (int) sessions.values().stream().filter(test).count();
    }

    /** Completes once no session is left (at once if none is). */
    CompletableFuture<Void> whenEmpty() {
        CompletableFuture<Void> future = emptied.updateAndGet(existing -> existing != null && !existing.isDone()
                ? existing : new CompletableFuture<>());
        if (sessions.isEmpty()) {
            future.complete(null);
        }
        return future;
    }

    /**
     * Gives the key's slot of a session that is closing back early (see {@link LiveSession}); the
     * session stays in the map, and its slot still says which key may resume it. Idempotent, as is
     * the release in {@link #forget}.
     */
    void releaseSlot(LiveSession live) {
        KeyAdmission.Slot slot = slots.get(live.session().id());
        if (slot != null) {
            slot.release();
        }
    }

    /** A session's end: it leaves the map and gives its key's slot back. */
    void forget(LiveSession live) {
        if (sessions.remove(live.session().id(), live)) {
            KeyAdmission.Slot slot = slots.remove(live.session().id());
            if (slot != null) {
                slot.release();
            }
        }
        CompletableFuture<Void> waiting = emptied.get();
        if (waiting != null && sessions.isEmpty()) {
            waiting.complete(null);
        }
    }

    /** H19: missing state is a typed outcome the adapter answers, never an exception. */
    static Routing gone(StreamHandle handle, String event) {
        // a socket closing after its session ended is the common, expected case and not worth a log line
        LOG.log(event.equals("client gone") ? Level.DEBUG : Level.INFO,
                "session {0} gen {1}: {2} for a session that no longer exists",
                handle.sessionId(), handle.generation(), event);
        return Routing.SESSION_GONE;
    }
}
