package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Follows many session streams over a few dedicated connections, each running one
 * {@code XREAD BLOCK} over all the streams it carries ({@link ReaderLoop}). A new subscription
 * goes to the loop with the fewest; no thread of its own is used (the loops run on Lettuce's
 * I/O threads).
 */
final class StreamFollower {

    private final List<ReaderLoop> loops = new ArrayList<>();

    StreamFollower(RedisConnections connections, String name) {
        for (int i = 0; i < connections.settings().readerConnections(); i++) {
            loops.add(new ReaderLoop(connections, connections.dedicated(name + "-" + i)));
        }
    }

    /**
     * Delivers every entry of {@code key} after {@code afterId}, decoded; entries the decoder maps to
     * null are skipped. Listener exceptions are the listener's problem: they are logged and dropped.
     */
    <E> StreamSubscription follow(String key, String afterId, Function<StreamMessage<String, byte[]>, E> decoder,
                                  StoreStreamListener<E> listener) {
        ReaderLoop loop = loops.stream().min(Comparator.comparingInt(ReaderLoop::size)).orElseThrow();
        Subscription<E> subscription = new Subscription<>(key, afterId, decoder, listener, loop);
        loop.add(subscription);
        return subscription;
    }

    void close() {
        loops.forEach(ReaderLoop::close);
    }
}
