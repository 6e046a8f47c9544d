package dev.hark.infrastructure.in.websocket;

import java.util.concurrent.atomic.LongAdder;

/** Counts of what the safe-send path could not deliver (H20); exported as metrics by bootstrap. */
public final class ClientSendStats {

    private final LongAdder droppedOnClosedSocket = new LongAdder();
    private final LongAdder failedWrites = new LongAdder();

    void droppedOnClosedSocket() {
        droppedOnClosedSocket.increment();
    }

    void failedWrite() {
        failedWrites.increment();
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
