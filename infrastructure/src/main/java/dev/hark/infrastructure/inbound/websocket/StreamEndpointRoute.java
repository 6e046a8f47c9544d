package dev.hark.infrastructure.inbound.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * Mounts protocol v1 on a servlet context: one {@link ClientStreamEndpoint} per connection,
 * created with the use cases injected, and Jetty's message limits set from the settings.
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
            container.addMapping(PATH, (request, response) -> new ClientStreamEndpoint(useCases, codec, sendStats,
                    StreamQuery.parse(request.getParameterMap(), settings.maxFrameBytes()),
                    describe(request.getRemoteSocketAddress())));
        });
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
