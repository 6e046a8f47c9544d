package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.application.cluster.ClusterSettings;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.infrastructure.outbound.redis.RedisSettings;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.UUID;

/** The {@code cluster:} section: role, Redis, leases (docs/cluster.md). Ignored by role {@code all}. */
public class ClusterFactory {

    @NotNull
    @JsonProperty
    private ClusterRole role = ClusterRole.ALL;

    /** {@code redis://host:port} of the shared Redis (7.0+). */
    @NotNull
    @JsonProperty
    private String redisUrl = "redis://127.0.0.1:6379";

    /** This process's id in Redis; empty: the role and a random suffix. */
    @NotNull
    @JsonProperty
    private String nodeId = "";

    @NotNull
    @JsonProperty
    private Duration leaseTtl = Duration.seconds(3);

    @NotNull
    @JsonProperty
    private Duration leaseRenewInterval = Duration.seconds(1);

    @NotNull
    @JsonProperty
    private Duration ownerCheckInterval = Duration.milliseconds(500);

    /** Sessions one worker decodes at once; 0: the recognizer's own limit (embedded: maxDecoders), else 64. */
    @Min(0)
    @JsonProperty
    private int workerCapacity = 0;

    @NotNull
    @JsonProperty
    private Duration storeOutageBound = Duration.seconds(10);

    @NotNull
    @JsonProperty
    private Duration commandTimeout = Duration.seconds(1);

    public ClusterRole role() {
        return role;
    }

    public NodeId nodeId() {
        return new NodeId(nodeId.isEmpty() ? role.yamlName() + "-" + UUID.randomUUID().toString().substring(0, 8) : nodeId);
    }

    public RedisSettings redis() {
        return RedisSettings.defaults(URI.create(redisUrl)).withCommandTimeout(commandTimeout.toJavaDuration());
    }

    /** @param recognizerLimit the local recognizer's own stream limit, 0 when it has none */
    public ClusterSettings build(SessionsFactory sessions, int recognizerLimit) {
        int capacity = workerCapacity > 0 ? workerCapacity : recognizerLimit > 0 ? recognizerLimit : 64;
        return new ClusterSettings(leaseTtl.toJavaDuration(), leaseRenewInterval.toJavaDuration(),
                ownerCheckInterval.toJavaDuration(), capacity, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMillis(100), storeOutageBound.toJavaDuration(),
                sessions.build().gracePeriod(), java.time.Duration.ofSeconds(30), sessions.build().outboxCapacity(),
                sessions.build().providerRetryAfter());
    }
}
