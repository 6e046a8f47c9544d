package dev.hark.application.port.outbound.store;

/** A followed stream. Closing it stops deliveries (at most one batch already in hand may still arrive). */
public interface StreamSubscription extends AutoCloseable {

    @Override
    void close();
}
