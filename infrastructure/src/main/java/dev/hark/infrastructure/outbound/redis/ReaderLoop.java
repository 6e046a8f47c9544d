package dev.hark.infrastructure.outbound.redis;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One dedicated connection that reads all its subscriptions' streams with one
 * {@code XREAD BLOCK} after another, and delivers what comes back. A new subscription must not
 * wait for the current block to run out: the loop is woken with {@code CLIENT UNBLOCK} from the
 * shared connection, retried until the blocked read has seen the change (the unblock can reach
 * Redis before the read it is meant for). After a failure the loop backs off, doubling up to the
 * reconnect ceiling, and tells each subscription once per outage.
 */
final class ReaderLoop {

    private final RedisConnections connections;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    // guarded by lock
    private boolean reading;
    private boolean closed;
    private long version;
    private long readingVersion;
    private Duration backoff;
    private volatile long clientId = -1;

    ReaderLoop(RedisConnections connections, StatefulRedisConnection<String, byte[]> connection) {
        this.connections = connections;
        this.connection = connection;
        this.backoff = connections.settings().reconnectMinDelay();
    }

    int size() {
        return subscriptions.size();
    }

    void add(Subscription<?> subscription) {
        subscriptions.add(subscription);
        changed();
    }

    void remove(Subscription<?> subscription) {
        subscriptions.remove(subscription);
    }

    void close() {
        synchronized (lock) {
            closed = true;
        }
        subscriptions.clear();
    }

    private void changed() {
        boolean start;
        long wanted;
        synchronized (lock) {
            version++;
            wanted = version;
            start = !reading && !closed;
            reading = reading || start;
        }
        if (start) {
            read();
        } else {
            wake(wanted);
        }
    }

    /** Unblocks the current read until it is one that already includes change {@code wanted}. */
    private void wake(long wanted) {
        long id = clientId;
        synchronized (lock) {
            if (!reading || closed || readingVersion >= wanted || id < 0) {
                return;
            }
        }
        connections.commands().async().clientUnblock(id, UnblockType.TIMEOUT).whenComplete((unblocked, failure) -> {
            if (failure != null || unblocked == null || unblocked == 0) {
                later(() -> wake(wanted), Duration.ofMillis(2));
            }
        });
    }

    private void read() {
        List<Subscription<?>> active;
        synchronized (lock) {
            active = subscriptions.stream().filter(s -> !s.isClosed()).toList();
            if (active.isEmpty() || closed) {
                reading = false;
                return;
            }
            readingVersion = version;
        }
        RedisSettings settings = connections.settings();
        XReadArgs args = XReadArgs.Builder.block(settings.maxBlock().toMillis()).count(settings.readBatch());
        currentClientId()
                .thenCompose(id -> connection.async().xread(args, offsets(active)))
                .whenComplete((messages, failure) -> {
                    if (failure != null) {
                        failed(active, failure);
                    } else {
                        dispatch(active, messages);
                        read();
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static XReadArgs.StreamOffset<String>[] offsets(List<Subscription<?>> active) {
        Map<String, String> earliest = new LinkedHashMap<>();
        for (Subscription<?> subscription : active) {
            earliest.merge(subscription.key(), subscription.cursor(),
                    (a, b) -> StreamIds.compare(a, b) <= 0 ? a : b);
        }
        return earliest.entrySet().stream()
                .map(entry -> XReadArgs.StreamOffset.from(entry.getKey(), entry.getValue()))
                .toArray(XReadArgs.StreamOffset[]::new);
    }

    private void dispatch(List<Subscription<?>> active, List<StreamMessage<String, byte[]>> messages) {
        synchronized (lock) {
            backoff = connections.settings().reconnectMinDelay();
        }
        Map<String, List<StreamMessage<String, byte[]>>> byKey = new HashMap<>();
        if (messages != null) {
            for (StreamMessage<String, byte[]> message : messages) {
                byKey.computeIfAbsent(message.getStream(), key -> new ArrayList<>()).add(message);
            }
        }
        for (Subscription<?> subscription : active) {
            List<StreamMessage<String, byte[]>> mine = byKey.get(subscription.key());
            if (mine == null) {
                subscription.readSucceeded();
            } else {
                subscription.deliver(mine);
            }
        }
    }

    private void failed(List<Subscription<?>> active, Throwable failure) {
        clientId = -1;
        var unavailable = StoreFailures.unavailable(failure);
        active.forEach(subscription -> subscription.unavailable(unavailable));
        Duration delay;
        synchronized (lock) {
            delay = backoff;
            Duration doubled = backoff.multipliedBy(2);
            Duration ceiling = connections.settings().reconnectMaxDelay();
            backoff = doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
        }
        later(this::read, delay);
    }

    private void later(Runnable task, Duration delay) {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        try {
            connections.resources().eventExecutorGroup().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: nothing left to read for
        }
    }

    private CompletionStage<Long> currentClientId() {
        long known = clientId;
        if (known >= 0) {
            return CompletableFuture.completedFuture(known);
        }
        RedisAsyncCommands<String, byte[]> async = connection.async();
        return async.clientId().thenApply(id -> {
            clientId = id;
            return id;
        });
    }
}
