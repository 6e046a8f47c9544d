package dev.hark.application.port.outbound.store;

import java.util.List;

/**
 * Receives what a followed stream gains, in order, each entry once per subscription. Called on
 * the store client's I/O thread: hop onto the session's lane and return; never block here.
 */
public interface StoreStreamListener<E> {

    /** Never empty. */
    void onEntries(List<E> entries);

    /**
     * A read failed (Redis down, paused, restarted); the subscription keeps retrying from where it
     * was and calls this once per outage, so the caller can report readiness (H35).
     */
    void onUnavailable(Unavailable unavailable);
}
