package dev.hark.infrastructure.inbound.deepgram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.infrastructure.inbound.access.UpgradeGate;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import dev.hark.application.port.inbound.ClientStreamUseCase;
import java.time.Clock;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Mounts Deepgram's live API at {@code /v1/listen} on a servlet context whose WebSocket
 * container is already configured (the {@code /v1/stream} route does that, with the shared
 * message limits). Its sockets count in the same {@link ClientSendStats} as {@code /v1/stream}'s,
 * and every upgrade passes the same {@link UpgradeGate} (API keys, granted tokens, origins).
 */
public final class ListenRoute {

    public static final String PATH = "/v1/listen";

    private ListenRoute() {
    }

    public static void install(ServletContextHandler context, ClientStreamUseCase useCases, AudioFormatQuery formats,
                               ObjectMapper json, ListenSettings settings, SchedulerPort scheduler, Clock clock,
                               TickerPort ticker, ClientSendStats sockets, UpgradeGate gate) {
        ListenContext listen = new ListenContext(useCases, formats, json, settings, scheduler, clock, ticker, sockets);
        context.addServlet(new ServletHolder("deepgram-listen",
                new ListenServlet(listen, new ListenHandshake(gate, formats))), PATH);
    }
}
