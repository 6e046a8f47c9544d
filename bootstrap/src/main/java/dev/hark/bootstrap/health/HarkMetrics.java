package dev.hark.bootstrap.health;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.hark.application.port.inbound.SessionStatsQuery;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import dev.hark.infrastructure.outbound.embedded.EmbeddedEngineLoad;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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

    /** The embedded engine's load: what admission (H30) decides on. */
    public static void registerEmbedded(MetricRegistry registry, Supplier<EmbeddedEngineLoad> load) {
        registry.register("hark.embedded.streams", (Gauge<Integer>) () -> load.get().streams());
        registry.register("hark.embedded.decoders", (Gauge<Integer>) () -> load.get().decoders());
        registry.register("hark.embedded.decoders_idle", (Gauge<Integer>) () -> load.get().idleDecoders());
        registry.register("hark.embedded.real_time_factor", (Gauge<Double>) () -> load.get().realTimeFactor());
        registry.register("hark.embedded.demand_cores", (Gauge<Double>) () -> load.get().demandCores());
        registry.register("hark.embedded.behind_seconds", (Gauge<Double>) () -> load.get().behindSeconds());
        registry.register("hark.embedded.lag_seconds", (Gauge<Double>) () -> load.get().lagSeconds());
    }
}
