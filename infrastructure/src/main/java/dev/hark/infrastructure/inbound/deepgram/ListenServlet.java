package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.infrastructure.inbound.access.UpgradeGate;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /v1/listen}: decides the handshake ({@link ListenHandshake}) and either
 * refuses it Deepgram's way (status, {@code dg-error} header, JSON body
 * {@code {err_code, err_msg, request_id}}) or upgrades, echoing the credential's subprotocol
 * scheme and negotiating no extension (no compression: Deepgram offers none, H28). Every
 * answer carries {@code dg-request-id}.
 */
final class ListenServlet extends HttpServlet {

    static final String REQUEST_ID = "dg-request-id";
    static final String ERROR = "dg-error";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ListenServlet.class);

    private final transient ListenContext context;
    private final transient ListenHandshake handshake;

    ListenServlet(ListenContext context, ListenHandshake handshake) {
        this.context = context;
        this.handshake = handshake;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = UUID.randomUUID().toString();
        response.setHeader(REQUEST_ID, requestId);
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            reject(response, new ListenHandshake.Decision.Reject(426, "UPGRADE_REQUIRED",
                    "This endpoint only accepts WebSocket upgrades."), requestId);
            return;
        }
        switch (handshake.decide(headers(request, "Authorization"), subprotocols(request), query(request),
                Optional.ofNullable(request.getHeader("Origin")), UpgradeGate.ownOrigin(request))) {
            case ListenHandshake.Decision.Reject reject -> reject(response, reject, requestId);
            case ListenHandshake.Decision.Accept accept -> upgrade(request, response, accept, requestId);
        }
    }

    private void upgrade(HttpServletRequest request, HttpServletResponse response,
                         ListenHandshake.Decision.Accept accept, String requestId) throws IOException {
        JettyWebSocketServerContainer container = JettyWebSocketServerContainer.getContainer(getServletContext());
        String clientAddress = address(request);
        boolean upgraded = container.upgrade((upgradeRequest, upgradeResponse) -> {
            upgradeResponse.setHeader(REQUEST_ID, requestId);
            if (!accept.subprotocol().isEmpty()) {
                upgradeResponse.setAcceptedSubProtocol(accept.subprotocol());
            }
            upgradeResponse.setExtensions(List.of());
            return new ListenEndpoint(context, accept.options(), accept.caller(), requestId, clientAddress);
        }, request, response);
        if (!upgraded && !response.isCommitted()) {
            reject(response, new ListenHandshake.Decision.Reject(400, "Bad Request", "The WebSocket upgrade failed."),
                    requestId);
        }
    }

    private void reject(HttpServletResponse response, ListenHandshake.Decision.Reject reject, String requestId)
            throws IOException {
        LOG.info("listen {}: handshake refused with {} {}", requestId, reject.status(), reject.errCode());
        byte[] body = context.json().writeValueAsBytes(new ListenWire.ErrorBody(reject.errCode(), reject.errMsg(),
                requestId));
        response.setStatus(reject.status());
        response.setHeader(ERROR, reject.errMsg());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The query as a multimap in arrival order of keys, repeated keys kept. */
    private static Map<String, List<String>> query(HttpServletRequest request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((key, values) -> query.put(key, Arrays.asList(values)));
        return query;
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }

    /** {@code Sec-WebSocket-Protocol} values split on commas, across repeated headers. */
    private static List<String> subprotocols(HttpServletRequest request) {
        List<String> offered = new ArrayList<>();
        for (String header : headers(request, "Sec-WebSocket-Protocol")) {
            for (String item : header.split(",")) {
                if (!item.isBlank()) {
                    offered.add(item.strip());
                }
            }
        }
        return offered;
    }

    private static String address(HttpServletRequest request) {
        return request.getRemoteAddr() == null ? "unknown" : request.getRemoteAddr();
    }
}
