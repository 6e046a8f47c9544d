package dev.hark.infrastructure.inbound.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hark.application.port.inbound.HealthQuery;
import dev.hark.application.port.inbound.HealthQuery.Liveness;
import dev.hark.application.port.inbound.HealthQuery.Readiness;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /health/live} and {@code GET /health/ready}: 200 when alive (ready), 503 when not,
 * with the numbers behind the answer as JSON. Liveness waits at most {@link #LIVENESS_BOUND} for
 * the probe tasks; a process whose lanes or timers do not run within it is not alive.
 */
public final class HealthServlet extends HttpServlet {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    static final Duration LIVENESS_BOUND = Duration.ofSeconds(2);

    private final transient HealthQuery health;
    private final transient ObjectMapper json;

    public HealthServlet(HealthQuery health, ObjectMapper json) {
        this.health = health;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body;
        boolean ok;
        if (READY.equals(request.getServletPath())) {
            Readiness readiness = health.readiness();
            ok = readiness.ready();
            body = json.createObjectNode().put("ready", ok).put("draining", readiness.draining())
                    .put("sessions", readiness.sessions()).put("attachments", readiness.attachments())
                    .put("recognizer_streams", readiness.recognizerStreams())
                    .put("recognizer_in_use", readiness.recognizer().inUse())
                    .put("recognizer_idle", readiness.recognizer().idle())
                    .put("recognizer_limit", readiness.recognizer().limit())
                    .put("decode_backlog_seconds", readiness.recognizer().backlogSeconds());
            readiness.reasons().forEach(body.putArray("reasons")::add);
        } else {
            Liveness liveness = live();
            ok = liveness.alive();
            body = json.createObjectNode().put("alive", ok).put("sessions", liveness.sessions());
        }
        response.setStatus(ok ? 200 : 503);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), body);
    }

    private Liveness live() {
        try {
            return health.liveness().toCompletableFuture().get(LIVENESS_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Liveness(false, -1);
        } catch (ExecutionException | TimeoutException e) {
            return new Liveness(false, -1);
        }
    }
}
