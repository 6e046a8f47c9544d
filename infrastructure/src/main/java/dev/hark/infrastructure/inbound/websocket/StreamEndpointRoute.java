package dev.hark.infrastructure.inbound.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.inbound.ClientStreamUseCase;
import dev.hark.infrastructure.inbound.access.UpgradeGate;
import dev.hark.infrastructure.inbound.access.UpgradeRefusal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts protocol v1 on a servlet context: one {@link ClientStreamEndpoint} per connection,
 * created with the use cases injected, Jetty's message limits set from the settings, and no
 * WebSocket extension (compression) negotiated. Every upgrade passes the {@link UpgradeGate}
 * first: a refused one never becomes a WebSocket.
 */
public final class StreamEndpointRoute {

    public static final String PATH = "/v1/stream";

    private static final Logger LOG = LoggerFactory.getLogger(StreamEndpointRoute.class);

    /** Transcripts and notices queued for one client before further sends fail (a few minutes of results). */
    static final int MAX_OUTGOING_FRAMES = 4096;

    private StreamEndpointRoute() {
    }

    public static void install(ServletContextHandler context, ClientStreamUseCase useCases, ObjectMapper mapper,
                               StreamEndpointSettings settings, ClientSendStats sendStats, UpgradeGate gate) {
        ProtocolCodec codec = new ProtocolCodec(mapper);
        JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setMaxBinaryMessageSize(settings.transportFrameCapBytes());
            container.setMaxTextMessageSize(64 * 1024);
            container.setIdleTimeout(settings.idleTimeout());
            // H24: messages waiting to be written to one slow client are bounded; beyond it a send
            // fails and is counted (hark.client.sends.failed) instead of growing memory
            container.setMaxOutgoingFrames(MAX_OUTGOING_FRAMES);
            container.addMapping(PATH, (request, response) -> create(request, response, useCases, codec, settings,
                    sendStats, gate));
        });
    }

    private static ClientStreamEndpoint create(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response,
                                               ClientStreamUseCase useCases, ProtocolCodec codec,
                                               StreamEndpointSettings settings, ClientSendStats sendStats,
                                               UpgradeGate gate) {
        String address = describe(request.getRemoteSocketAddress());
        return switch (gate.check(request)) {
            case UpgradeGate.Decision.Refuse refusal -> {
                refuse(response, refusal, address);
                yield null;
            }
            case UpgradeGate.Decision.Admit admit -> {
                // H28: no extension is negotiated, whatever the client offers. With permessage-deflate,
                // clients that inflate asynchronously (Node 22's built-in WebSocket) took the TCP FIN
                // after our Close frame for an abnormal end and lost the last finals; PCM does not
                // compress anyway, and Deepgram's own endpoint negotiates no compression either
                response.setExtensions(List.of());
                admit.subprotocol().ifPresent(response::setAcceptedSubProtocol);
                yield new ClientStreamEndpoint(useCases, codec, sendStats,
                        StreamQuery.parse(request.getParameterMap(), settings.maxFrameBytes()), address, admit.caller());
            }
        };
    }

    private static void refuse(JettyServerUpgradeResponse response, UpgradeGate.Decision.Refuse refusal,
                               String address) {
        LOG.info("upgrade from {} refused: {} {}", address, refusal.httpStatus(), refusal.reason());
        try {
            UpgradeRefusal.send(response, refusal);
        } catch (IOException e) {
            LOG.debug("could not answer the refused upgrade from {}: {}", address, e.toString());
        }
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
