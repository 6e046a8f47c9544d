package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.Unavailable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a followed stream delivered, for assertions with a bounded wait. */
final class RecordingStreamListener<E> implements StoreStreamListener<E> {

    final List<E> entries = new CopyOnWriteArrayList<>();
    final List<Unavailable> outages = new CopyOnWriteArrayList<>();

    @Override
    public void onEntries(List<E> delivered) {
        entries.addAll(delivered);
    }

    @Override
    public void onUnavailable(Unavailable unavailable) {
        outages.add(unavailable);
    }
}
