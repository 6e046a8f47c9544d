package dev.hark.application.service;

import dev.hark.application.port.in.StreamHandle;
import dev.hark.application.port.out.ClientChannelPort;
import dev.hark.domain.session.Session;

/**
 * Everything the service keeps for one live session: the aggregate, its lane, the client
 * channel and the recognizer stream's state. Every field is read and written only on
 * {@link #lane}, so none needs a lock.
 */
final class SessionRuntime {

    final Session session;
    final SerialLane lane;
    final ClientChannelPort channel;
    final PendingAudio pending;
    ProviderState provider = new ProviderState.Opening();
    boolean finalizeRequested;

    SessionRuntime(Session session, SerialLane lane, ClientChannelPort channel, PendingAudio pending) {
        this.session = session;
        this.lane = lane;
        this.channel = channel;
        this.pending = pending;
    }

    /** Whether an event stamped with {@code handle} may act on this session (H1). */
    boolean admits(StreamHandle handle) {
        return session.isCurrent(handle.generation());
    }

    @Override
    public String toString() {
        return "session " + session.id() + " gen " + session.generation();
    }
}
