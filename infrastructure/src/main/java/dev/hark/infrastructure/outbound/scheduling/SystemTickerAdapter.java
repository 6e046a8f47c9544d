package dev.hark.infrastructure.outbound.scheduling;

import dev.hark.application.port.outbound.TickerPort;

/** The JVM's monotonic clock ({@link System#nanoTime()}), which wall-clock steps do not move. */
public final class SystemTickerAdapter implements TickerPort {

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
