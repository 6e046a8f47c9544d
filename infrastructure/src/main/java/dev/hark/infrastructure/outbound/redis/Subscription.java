package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.Unavailable;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One follower of one stream: its cursor, its decoder and its listener. Only its
 * {@link ReaderLoop} moves the cursor, one batch at a time, so it needs no lock.
 */
final class Subscription<E> implements StreamSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

    private final String key;
    private final Function<StreamMessage<String, byte[]>, E> decoder;
    private final StoreStreamListener<E> listener;
    private final ReaderLoop loop;
    private volatile String cursor;
    private volatile boolean closed;
    private volatile boolean outageReported;

    Subscription(String key, String cursor, Function<StreamMessage<String, byte[]>, E> decoder,
                 StoreStreamListener<E> listener, ReaderLoop loop) {
        this.key = key;
        this.cursor = cursor;
        this.decoder = decoder;
        this.listener = listener;
        this.loop = loop;
    }

    String key() {
        return key;
    }

    String cursor() {
        return cursor;
    }

    boolean isClosed() {
        return closed;
    }

    /** Called by the loop with the messages of this key, oldest first. */
    void deliver(List<StreamMessage<String, byte[]>> messages) {
        outageReported = false;
        List<E> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, byte[]> message : messages) {
            if (closed || StreamIds.compare(message.getId(), cursor) <= 0) {
                continue;
            }
            cursor = message.getId();
            try {
                E entry = decoder.apply(message);
                if (entry != null) {
                    entries.add(entry);
                }
            } catch (RuntimeException e) {
                LOG.warn("skipping undecodable entry {} of {}", message.getId(), key, e);
            }
        }
        if (!entries.isEmpty() && !closed) {
            try {
                listener.onEntries(List.copyOf(entries));
            } catch (RuntimeException e) {
                LOG.warn("listener of {} failed", key, e);
            }
        }
    }

    void readSucceeded() {
        outageReported = false;
    }

    /** Reports an outage once until the next successful read. */
    void unavailable(Unavailable unavailable) {
        if (outageReported || closed) {
            return;
        }
        outageReported = true;
        try {
            listener.onUnavailable(unavailable);
        } catch (RuntimeException e) {
            LOG.warn("listener of {} failed", key, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        loop.remove(this);
    }
}
