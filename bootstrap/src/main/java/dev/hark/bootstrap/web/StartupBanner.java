package dev.hark.bootstrap.web;

import dev.hark.infrastructure.inbound.websocket.StreamEndpointRoute;
import io.dropwizard.lifecycle.PortDescriptor;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says where Hark can be reached once its ports are bound (port 0 resolves to the real one): the
 * stream endpoint and, when enabled, the demo page, so {@code ./hark server} prints a URL to open.
 */
public final class StartupBanner implements ServerLifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    private final boolean demoPage;

    public StartupBanner(boolean demoPage) {
        this.demoPage = demoPage;
    }

    @Override
    public void serverStarted(Server server) {
        List<PortDescriptor> application = getPortDescriptorList(server).stream()
                .filter(port -> "application".equals(port.getConnectorType()))
                .toList();
        if (!application.isEmpty()) {
            // a TLS connector lists "ssl" among its protocols, one descriptor each
            announce(application.getFirst(), application.stream().anyMatch(port -> "ssl".equalsIgnoreCase(port.getProtocol())));
        }
    }

    private void announce(PortDescriptor port, boolean tls) {
        String host = hostFor(port.getHost());
        String web = tls ? "https" : "http";
        String ws = tls ? "wss" : "ws";
        LOG.info("Hark is streaming at {}://{}:{}{}", ws, host, port.getPort(), StreamEndpointRoute.PATH);
        if (demoPage) {
            LOG.info("Demo: open {}://{}:{}/ in a browser to transcribe your microphone", web, host, port.getPort());
        }
    }

    /** A wildcard bind is reachable as localhost, which browsers treat as a secure context (microphone access). */
    private static String hostFor(String bound) {
        if (bound == null || bound.isBlank() || "0.0.0.0".equals(bound) || "::".equals(bound)) {
            return "localhost";
        }
        return bound.contains(":") ? "[" + bound + "]" : bound;
    }
}
