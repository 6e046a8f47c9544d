package dev.hark.emulator.deepgram;

import dev.hark.infrastructure.inbound.deepgram.ListenWire;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hark.emulator.deepgram.HandshakeDecision.Accept;
import dev.hark.emulator.deepgram.HandshakeDecision.Reject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HTTP requests: upgrades on {@code /v1/listen} as Deepgram would, 404 elsewhere. Each
 * request takes the next {@link ConnectionPlan}, gets a {@code dg-request-id} and is recorded
 * before anything else, so rejected handshakes show up in the observations too.
 *
 * <p>A plan's handshake delay is served from Jetty's scheduler: the handler returns at once
 * (Jetty 12 handlers may complete their callback later) and the answer, upgrade or rejection,
 * is produced when the timer fires. No Jetty thread waits, so other connections are not held up.
 */
final class ListenHandler extends Handler.Abstract {

    static final String PATH = "/v1/listen";
    private static final Logger LOG = LoggerFactory.getLogger(ListenHandler.class);

    private final ServerWebSocketContainer container;
    private final HandshakeRules rules;
    private final Supplier<ConnectionPlan> plans;
    private final EmulatorObservations observations;
    private final EmulatorRuntime runtime;

    ListenHandler(ServerWebSocketContainer container, HandshakeRules rules, Supplier<ConnectionPlan> plans,
                  EmulatorObservations observations, EmulatorRuntime runtime) {
        this.container = container;
        this.rules = rules;
        this.plans = plans;
        this.observations = observations;
        this.runtime = runtime;
        addBean(container, true);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request))) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return true;
        }
        ConnectionPlan plan = plans.get();
        String requestId = UUID.randomUUID().toString();
        ListenQuery query = ListenQuery.parse(request.getHttpURI().getQuery());
        ConnectionRecorder recorder = observations.register(requestId, query.params(), headers(request));
        Runnable answer = () -> answer(request, response, callback, plan, query, requestId, recorder);
        if (plan.handshakeDelay().isPositive()) {
            runtime.scheduler().schedule(answer, plan.handshakeDelay().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            answer.run();
        }
        return true;
    }

    private void answer(Request request, Response response, Callback callback, ConnectionPlan plan,
                        ListenQuery query, String requestId, ConnectionRecorder recorder) {
        try {
            HandshakeDecision decision = rules.decide(plan, request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION),
                    subprotocols(request), query);
            switch (decision) {
                case Reject reject -> reject(response, callback, reject, requestId, recorder);
                case Accept accept -> upgrade(request, response, callback, accept, plan, requestId, recorder);
            }
        } catch (RuntimeException e) {
            LOG.error("handshake {} failed", requestId, e);
            recorder.rejected(HttpStatus.INTERNAL_SERVER_ERROR_500);
            Response.writeError(request, response, callback, e);
        }
    }

    private void upgrade(Request request, Response response, Callback callback, Accept accept, ConnectionPlan plan,
                         String requestId, ConnectionRecorder recorder) {
        WebSocketCreator creator = (upgradeRequest, upgradeResponse, upgradeCallback) -> {
            upgradeResponse.getHeaders().put(DgHeaders.REQUEST_ID, requestId);
            // like Deepgram's endpoint: no extension is negotiated, whatever the client offers (H28)
            upgradeResponse.setExtensions(List.of());
            if (!accept.subprotocol().isEmpty()) {
                upgradeResponse.setAcceptedSubProtocol(accept.subprotocol());
            }
            recorder.accepted(accept.subprotocol());
            return new ListenEndpoint(new ListenConnection(runtime, recorder, requestId, accept.setup(), plan));
        };
        if (!container.upgrade(creator, request, response, callback)) {
            reject(response, callback, new Reject(HttpStatus.UPGRADE_REQUIRED_426, "UPGRADE_REQUIRED",
                    "This endpoint only accepts WebSocket upgrades."), requestId, recorder);
        }
    }

    private void reject(Response response, Callback callback, Reject reject, String requestId,
                        ConnectionRecorder recorder) {
        recorder.rejected(reject.status());
        response.setStatus(reject.status());
        response.getHeaders().put(DgHeaders.REQUEST_ID, requestId);
        response.getHeaders().put(DgHeaders.ERROR, reject.errMsg());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        byte[] body;
        try {
            body = runtime.json().writeValueAsBytes(new ListenWire.ErrorBody(reject.errCode(), reject.errMsg(), requestId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an error body", e);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        LOG.debug("handshake {} rejected with {}", requestId, reject.status());
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** {@code Sec-WebSocket-Protocol} values split on commas, across repeated headers. */
    private static List<String> subprotocols(Request request) {
        List<String> offered = new ArrayList<>();
        for (String header : request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
            for (String item : header.split(",")) {
                if (!item.isBlank()) {
                    offered.add(item.strip());
                }
            }
        }
        return offered;
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), ignored -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }
}
