package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** What this process is in a cluster ({@code cluster.role}, or {@code HARK_ROLE}). */
public enum ClusterRole {
    /** Today's single process: client sockets and recognizers together, no Redis. The default. */
    ALL("all"),
    /** Client sockets only; each stream's recognition goes through Redis to a worker. */
    GATEWAY("gateway"),
    /** Recognizers only: takes sessions from Redis; serves no public port, only its admin port. */
    WORKER("worker");

    private final String yamlName;

    ClusterRole(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }
}
