package dev.hark.application.port.outbound.store;

/** What a process does in cluster mode; its liveness lease is named after it. */
public enum NodeRole {
    GATEWAY,
    WORKER
}
