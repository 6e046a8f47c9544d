package dev.hark.bench.relay;

import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The relay server on {@code /v1/stream} of 127.0.0.1. Run it in its own JVM for the benchmark
 * ({@code java -jar hark-bench.jar relay --port P}), or start it in-process for tests.
 */
public final class RawRelay implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private RawRelay(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts on {@code port} (0 for any free one). */
    public static RawRelay start(int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/v1/stream", (request, response) ->
                    new RelayEndpoint(channels(request.getParameterMap().get("channels"))));
        });
        server.setHandler(context);
        server.start();
        return new RawRelay(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Serves until the process is killed. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static int channels(java.util.List<String> values) {
        try {
            return values == null || values.isEmpty() ? 1 : Math.max(1, Integer.parseInt(values.getFirst()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
