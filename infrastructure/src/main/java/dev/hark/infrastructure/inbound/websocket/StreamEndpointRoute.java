package dev.hark.infrastructure.inbound.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * Mounts protocol v1 on a servlet context: one {@link ClientStreamEndpoint} per connection,
 * created with the use cases injected, Jetty's message limits set from the settings, and no
 * WebSocket extension (compression) negotiated.
 */
public final class StreamEndpointRoute {

    public static final String PATH = "/v1/stream";

    /** Transcripts and notices queued for one client before further sends fail (a few minutes of results). */
    static final int MAX_OUTGOING_FRAMES = 4096;

    private StreamEndpointRoute() {
    }

    public static void install(ServletContextHandler context, StreamUseCases useCases, ObjectMapper mapper,
                               StreamEndpointSettings settings, ClientSendStats sendStats) {
        ProtocolCodec codec = new ProtocolCodec(mapper);
        JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setMaxBinaryMessageSize(settings.transportFrameCapBytes());
            container.setMaxTextMessageSize(64 * 1024);
            container.setIdleTimeout(settings.idleTimeout());
            // H24: messages waiting to be written to one slow client are bounded; beyond it a send
            // fails and is counted (hark.client.sends.failed) instead of growing memory
            container.setMaxOutgoingFrames(MAX_OUTGOING_FRAMES);
            container.addMapping(PATH, (request, response) -> {
                // H28: no extension is negotiated, whatever the client offers. With permessage-deflate,
                // clients that inflate asynchronously (Node 22's built-in WebSocket) took the TCP FIN
                // after our Close frame for an abnormal end and lost the last finals; PCM does not
                // compress anyway, and Deepgram's own endpoint negotiates no compression either
                response.setExtensions(List.of());
                return new ClientStreamEndpoint(useCases, codec, sendStats,
                        StreamQuery.parse(request.getParameterMap(), settings.maxFrameBytes()),
                        describe(request.getRemoteSocketAddress()));
            });
        });
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
