package dev.hark.application.port.outbound.store;

import java.util.Objects;

/**
 * Which gateway holds a client session, and since which adoption: every journal write carries it,
 * and an adoption by another gateway moves it, so the previous holder's next write is refused (H33).
 */
public record JournalFence(NodeId gateway, long epoch) {

    /** A session's first holder, the gateway that opened it. */
    public static JournalFence opener(NodeId gateway) {
        return new JournalFence(gateway, 1);
    }

    public JournalFence {
        Objects.requireNonNull(gateway, "gateway");
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch starts at 1");
        }
    }
}
