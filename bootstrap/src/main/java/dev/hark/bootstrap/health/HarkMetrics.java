package dev.hark.bootstrap.health;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.hark.application.port.inbound.SessionStatsQuery;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import java.util.function.LongSupplier;

/** Registers Hark's gauges under stable names (docs/protocol.md lists them). */
public final class HarkMetrics {

    private HarkMetrics() {
    }

    /** @param failedTimers timer bodies that threw (the scheduler adapter's count) */
    public static void register(MetricRegistry registry, SessionStatsQuery sessions, SchedulerPort scheduler,
                                LongSupplier failedTimers, ClientSendStats sends) {
        registry.register("hark.sessions.active", (Gauge<Integer>) sessions::activeSessions);
        registry.register("hark.attachments.active", (Gauge<Integer>) sessions::activeAttachments);
        registry.register("hark.provider.streams.active", (Gauge<Integer>) sessions::activeProviderStreams);
        registry.register("hark.scheduler.tasks.pending", (Gauge<Integer>) scheduler::pendingTasks);
        registry.register("hark.scheduler.tasks.failed", (Gauge<Long>) failedTimers::getAsLong);
        registry.register("hark.client.sockets.open", (Gauge<Integer>) sends::openSockets);
        registry.register("hark.client.sockets.opened", (Gauge<Long>) sends::openedSocketCount);
        registry.register("hark.client.sends.dropped_closed", (Gauge<Long>) sends::droppedOnClosedSocketCount);
        registry.register("hark.client.sends.failed", (Gauge<Long>) sends::failedWriteCount);
    }
}
