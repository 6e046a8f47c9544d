package dev.hark.infrastructure.inbound.websocket;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of client sockets and of what the safe-send path could not deliver (H20); exported
 * as metrics by bootstrap.
 */
public final class ClientSendStats {

    private final java.util.concurrent.atomic.AtomicInteger openSockets = new java.util.concurrent.atomic.AtomicInteger();

    private final LongAdder openedSockets = new LongAdder();
    private final LongAdder droppedOnClosedSocket = new LongAdder();
    private final LongAdder failedWrites = new LongAdder();

    void droppedOnClosedSocket() {
        droppedOnClosedSocket.increment();
    }

    void failedWrite() {
        failedWrites.increment();
    }

    /** A client socket opened, on any endpoint ({@code /v1/stream} or {@code /v1/listen}). */
    public void socketOpened() {
        openedSockets.increment();
        openSockets.incrementAndGet();
    }

    /** A client socket closed or failed; called once per {@link #socketOpened()}. */
    public void socketClosed() {
        openSockets.decrementAndGet();
    }

    /** Client sockets open right now, attached or not. */
    public int openSockets() {
        return openSockets.get();
    }

    /** Client sockets ever opened (each upgrade to {@code /v1/stream} or {@code /v1/listen}): how many sockets clients really open. */
    public long openedSocketCount() {
        return openedSockets.sum();
    }

    /** Messages not sent because the socket was already closed or closing. */
    public long droppedOnClosedSocketCount() {
        return droppedOnClosedSocket.sum();
    }

    /** Writes that Jetty accepted but then failed. */
    public long failedWriteCount() {
        return failedWrites.sum();
    }
}
