package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.Assignment;
import dev.hark.application.port.outbound.store.AssignmentBatch;
import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.port.outbound.store.Done;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.StoreAck;
import dev.hark.domain.session.SessionId;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The assignment stream {@code hark:assign} and its consumer group {@code workers}: gateways add
 * {@code {sid, reason}}, workers read with {@code XREADGROUP} on a connection of their own,
 * acknowledge with {@code XACK}, and claim entries a dead worker left pending with
 * {@code XAUTOCLAIM}. The group is created on first use (from the start of the stream, so
 * nothing queued before the first worker is lost) and again if Redis lost it.
 */
final class Assignments {

    private final RedisConnections connections;
    private final RedisAsyncCommands<String, byte[]> commands;
    private final StatefulRedisConnection<String, byte[]> reader;
    private volatile boolean groupReady;

    private Assignments(RedisConnections connections, StatefulRedisConnection<String, byte[]> reader) {
        this.connections = connections;
        this.commands = connections.commands().async();
        this.reader = reader;
    }

    /** For a gateway: adds assignments only. */
    static Assignments writer(RedisConnections connections) {
        return new Assignments(connections, null);
    }

    /** For a worker: opens (blocking, at start) the connection its {@code XREADGROUP}s wait on. */
    static Assignments reader(RedisConnections connections, String name) {
        return new Assignments(connections, connections.dedicated(name));
    }

    CompletionStage<StoreAck> request(SessionId id, AssignmentReason reason) {
        XAddArgs trim = XAddArgs.Builder.maxlen(connections.settings().assignmentBacklog()).approximateTrimming();
        return FunctionCalls.mapped(commands.xadd(StoreKeys.ASSIGNMENTS, trim, Map.of(
                        "sid", bytes(id.value()), "reason", bytes(reason.name().toLowerCase(Locale.ROOT)))),
                added -> (StoreAck) new Done(), unavailable -> unavailable);
    }

    CompletionStage<AssignmentBatch> next(NodeId worker, int max, Duration block) {
        Duration capped = block.compareTo(connections.settings().maxBlock()) > 0 ? connections.settings().maxBlock() : block;
        XReadArgs args = XReadArgs.Builder.count(max).block(capped.toMillis());
        return read(group().thenCompose(ready -> reader().async().xreadgroup(
                Consumer.from(StoreKeys.WORKER_GROUP, worker.value()), args,
                XReadArgs.StreamOffset.lastConsumed(StoreKeys.ASSIGNMENTS))));
    }

    CompletionStage<AssignmentBatch> reclaim(NodeId worker, Duration minIdle, int max) {
        XAutoClaimArgs<String> args = XAutoClaimArgs.Builder
                .xautoclaim(Consumer.from(StoreKeys.WORKER_GROUP, worker.value()), minIdle, "0-0").count(max);
        return read(group().thenCompose(ready -> commands.xautoclaim(StoreKeys.ASSIGNMENTS, args))
                .thenApply(claimed -> claimed.getMessages()));
    }

    CompletionStage<StoreAck> acknowledge(Assignment assignment) {
        return FunctionCalls.mapped(commands.xack(StoreKeys.ASSIGNMENTS, StoreKeys.WORKER_GROUP, assignment.id()),
                acked -> (StoreAck) new Done(), unavailable -> unavailable);
    }

    private CompletionStage<AssignmentBatch> read(CompletionStage<List<StreamMessage<String, byte[]>>> messages) {
        return FunctionCalls.mapped(messages.whenComplete((read, failure) -> {
            if (failure != null && String.valueOf(failure.getMessage()).contains("NOGROUP")) {
                groupReady = false;
            }
        }), this::parse, unavailable -> unavailable);
    }

    private AssignmentBatch parse(List<StreamMessage<String, byte[]>> messages) {
        List<Assignment> parsed = new ArrayList<>();
        for (StreamMessage<String, byte[]> message : messages == null ? List.<StreamMessage<String, byte[]>>of() : messages) {
            byte[] sid = message.getBody().get("sid");
            byte[] reason = message.getBody().get("reason");
            if (sid == null || reason == null || !SessionId.isWellFormed(text(sid))) {
                commands.xack(StoreKeys.ASSIGNMENTS, StoreKeys.WORKER_GROUP, message.getId());
                continue;
            }
            parsed.add(new Assignment(message.getId(), new SessionId(text(sid)),
                    AssignmentReason.valueOf(text(reason).toUpperCase(Locale.ROOT))));
        }
        return new AssignmentBatch.Assignments(parsed);
    }

    private CompletionStage<Boolean> group() {
        if (groupReady) {
            return CompletableFuture.completedFuture(true);
        }
        return commands.xgroupCreate(XReadArgs.StreamOffset.from(StoreKeys.ASSIGNMENTS, "0"), StoreKeys.WORKER_GROUP,
                        XGroupCreateArgs.Builder.mkstream())
                .handle((created, failure) -> {
                    if (failure == null || String.valueOf(failure.getMessage()).contains("BUSYGROUP")) {
                        groupReady = true;
                        return CompletableFuture.completedFuture(true);
                    }
                    return CompletableFuture.<Boolean>failedFuture(failure);
                })
                .thenCompose(stage -> stage);
    }

    private StatefulRedisConnection<String, byte[]> reader() {
        if (reader == null) {
            throw new IllegalStateException("this side only adds assignments");
        }
        return reader;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
