package dev.hark.application.service;

import dev.hark.application.port.inbound.DrainStatusQuery;
import dev.hark.application.port.inbound.HealthQuery;
import dev.hark.application.port.inbound.SessionStatsQuery;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.port.outbound.RecognizerCapacityPort.RecognizerCapacity;
import dev.hark.application.port.outbound.SchedulerPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Computes liveness and readiness from typed ports each time it is asked, so they cannot drift. */
public final class ServerHealthService implements HealthQuery {

    private final SessionStatsQuery sessions;
    private final DrainStatusQuery drain;
    private final RecognizerCapacityPort recognizer;
    private final Executor lanes;
    private final SchedulerPort scheduler;

    public ServerHealthService(SessionStatsQuery sessions, DrainStatusQuery drain, RecognizerCapacityPort recognizer,
                               Executor lanes, SchedulerPort scheduler) {
        this.sessions = sessions;
        this.drain = drain;
        this.recognizer = recognizer;
        this.lanes = lanes;
        this.scheduler = scheduler;
    }

    @Override
    public Readiness readiness() {
        boolean draining = drain.draining();
        RecognizerCapacity capacity = recognizer.capacity();
        List<String> reasons = new ArrayList<>();
        if (draining) {
            reasons.add("draining: the server is shutting down");
        }
        capacity.refusal().ifPresent(reasons::add);
        return new Readiness(reasons.isEmpty(), reasons, sessions.activeSessions(), sessions.activeAttachments(),
                sessions.activeProviderStreams(), draining, capacity);
    }

    @Override
    public CompletionStage<Liveness> liveness() {
        CompletableFuture<Void> laneRan = new CompletableFuture<>();
        CompletableFuture<Void> timerRan = new CompletableFuture<>();
        try {
            lanes.execute(() -> laneRan.complete(null));
            scheduler.schedule(Duration.ZERO, () -> timerRan.complete(null));
        } catch (RuntimeException refused) { // stopped executors cannot serve
            return CompletableFuture.completedFuture(new Liveness(false, sessions.activeSessions()));
        }
        return CompletableFuture.allOf(laneRan, timerRan).thenApply(ran -> new Liveness(true, sessions.activeSessions()));
    }
}
