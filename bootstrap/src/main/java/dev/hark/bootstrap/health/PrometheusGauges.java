package dev.hark.bootstrap.health;

import dev.hark.application.port.inbound.DrainStatusQuery;
import dev.hark.application.port.inbound.HealthQuery;
import dev.hark.application.port.inbound.SessionStatsQuery;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Prometheus gauges read through typed ports when scraped (so they cannot drift from what they
 * describe), and the send-failure counts kept by the WebSocket adapter. Names in docs/operations.md.
 */
public final class PrometheusGauges {

    private PrometheusGauges() {
    }

    public static void register(PrometheusRegistry registry, SessionStatsQuery sessions, DrainStatusQuery drain,
                                RecognizerCapacityPort recognizer, HealthQuery health, SchedulerPort scheduler,
                                LongSupplier failedTimers, ClientSendStats sends) {
        gauge(registry, "hark_sessions", "Sessions not yet ended (attached or detached).", sessions::activeSessions);
        gauge(registry, "hark_attachments", "Sessions with a client attached.", sessions::activeAttachments);
        gauge(registry, "hark_recognizer_streams", "Recognizer streams open or being opened.",
                sessions::activeProviderStreams);
        gauge(registry, "hark_client_sockets", "Client WebSockets open, attached or not.", sends::openSockets);
        gauge(registry, "hark_scheduler_tasks_pending", "Timers not yet run or cancelled.", scheduler::pendingTasks);
        gauge(registry, "hark_draining", "1 while the server drains before stopping, else 0.",
                () -> drain.draining() ? 1 : 0);
        gauge(registry, "hark_ready", "1 while /health/ready would answer 200 (new sessions admitted), else 0.",
                () -> health.readiness().ready() ? 1 : 0);
        GaugeWithCallback.builder().name("hark_decoders").help("Embedded decoders, by state (in_use, idle).")
                .labelNames("state").callback(callback -> {
                    RecognizerCapacityPort.RecognizerCapacity capacity = recognizer.capacity();
                    callback.call(capacity.inUse(), "in_use");
                    callback.call(capacity.idle(), "idle");
                }).register(registry);
        gauge(registry, "hark_decoder_limit", "Most embedded decoders there can be (0: no local limit).",
                () -> recognizer.capacity().limit());
        gauge(registry, "hark_decode_backlog_seconds", "Audio queued ahead of the recognizers, summed over streams.",
                () -> recognizer.capacity().backlogSeconds());
        CounterWithCallback.builder().name("hark_scheduler_tasks_failed").help(
                        "Timer bodies that threw (logged; should stay at 0).")
                .callback(callback -> callback.call(failedTimers.getAsLong())).register(registry);
        CounterWithCallback.builder().name("hark_client_sockets_opened").help(
                        "Client WebSockets opened (each accepted upgrade to /v1/stream).")
                .callback(callback -> callback.call(sends.openedSocketCount())).register(registry);
        CounterWithCallback.builder().name("hark_client_sends_failed").help("Writes to a client socket that failed.")
                .callback(callback -> callback.call(sends.failedWriteCount())).register(registry);
        CounterWithCallback.builder().name("hark_client_sends_dropped").help(
                        "Messages not sent because the client socket was already closed.")
                .callback(callback -> callback.call(sends.droppedOnClosedSocketCount())).register(registry);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }
}
