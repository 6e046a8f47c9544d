package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.Done;
import dev.hark.application.port.outbound.store.LeaseOutcome;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NodeRole;
import dev.hark.application.port.outbound.store.ProcessLeasePort;
import dev.hark.application.port.outbound.store.StoreAck;
import dev.hark.application.port.outbound.store.StoreProbe;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Liveness leases as plain keys: {@code SET NX PX} to take one, {@code SET XX PX} to renew it (a
 * renewal that finds the key gone means the process was declared dead), and the server's
 * {@code run_id} from {@code INFO server} so a restart of Redis is noticed.
 */
public final class LettuceLeaseAdapter implements ProcessLeasePort {

    private static final Pattern RUN_ID = Pattern.compile("(?m)^run_id:(\\w+)");

    private final RedisAsyncCommands<String, byte[]> redis;

    public LettuceLeaseAdapter(RedisConnections connections) {
        this.redis = connections.commands().async();
    }

    @Override
    public CompletionStage<LeaseOutcome> acquire(NodeRole role, NodeId id, Duration ttl) {
        return set(role, id, SetArgs.Builder.nx().px(ttl.toMillis()));
    }

    @Override
    public CompletionStage<LeaseOutcome> renew(NodeRole role, NodeId id, Duration ttl) {
        return set(role, id, SetArgs.Builder.xx().px(ttl.toMillis()));
    }

    @Override
    public CompletionStage<StoreAck> release(NodeRole role, NodeId id) {
        return FunctionCalls.mapped(redis.del(StoreKeys.alive(role, id)), deleted -> (StoreAck) new Done(),
                unavailable -> unavailable);
    }

    @Override
    public CompletionStage<StoreProbe> probe() {
        return FunctionCalls.mapped(redis.info("server"), info -> {
            Matcher matcher = RUN_ID.matcher(info);
            if (!matcher.find()) {
                throw new IllegalStateException("INFO server has no run_id");
            }
            return (StoreProbe) new StoreProbe.Reachable(matcher.group(1));
        }, unavailable -> unavailable);
    }

    private CompletionStage<LeaseOutcome> set(NodeRole role, NodeId id, SetArgs args) {
        return FunctionCalls.mapped(redis.set(StoreKeys.alive(role, id), id.value().getBytes(StandardCharsets.UTF_8), args),
                reply -> "OK".equals(reply) ? new LeaseOutcome.LeaseHeld() : new LeaseOutcome.LeaseLost(),
                unavailable -> unavailable);
    }
}
