package dev.hark.bootstrap.health;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.hark.application.port.in.SessionStatsQuery;
import dev.hark.infrastructure.in.websocket.ClientSendStats;

/** Registers Hark's gauges under stable names (docs/protocol.md lists them). */
public final class HarkMetrics {

    private HarkMetrics() {
    }

    public static void register(MetricRegistry registry, SessionStatsQuery sessions, ClientSendStats sends) {
        registry.register("hark.sessions.active", (Gauge<Integer>) sessions::activeSessions);
        registry.register("hark.client.sends.dropped_closed", (Gauge<Long>) sends::droppedOnClosedSocketCount);
        registry.register("hark.client.sends.failed", (Gauge<Long>) sends::failedWriteCount);
    }
}
