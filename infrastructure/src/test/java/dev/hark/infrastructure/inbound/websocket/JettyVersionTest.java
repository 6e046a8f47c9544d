package dev.hark.infrastructure.inbound.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.junit.jupiter.api.Test;

/**
 * Hark reads with explicit demand and demands from the session lane, another thread than
 * Jetty's (H24). Jetty 12.1.5 (Dropwizard 5.0.1's) loses such a demand when it arrives while the
 * I/O thread is leaving {@code fillAndParse} (jetty#14528): the socket is never read again, and a
 * client streaming at real time stalled within seconds (measured: {@code ./hark transcribe} on the
 * embedded engine, first session after start, 3 runs of 3). The fix is in 12.1.10 and later; the
 * parent POM imports a newer Jetty BOM before Dropwizard's. This guards against a downgrade.
 */
class JettyVersionTest {

    @Test
    void theWebSocketLayerHasTheDemandRaceFix() {
        String[] version = Jetty.VERSION.split("[.-]");
        assertThat(Integer.parseInt(version[0]) * 10_000 + Integer.parseInt(version[1]) * 100
                + Integer.parseInt(version[2])).as("Jetty %s", Jetty.VERSION).isGreaterThanOrEqualTo(12_01_10);
        String websocketCore = WebSocketConnection.class.getPackage().getImplementationVersion();
        assertThat(websocketCore).as("jetty-websocket-core-common comes from the same Jetty").isEqualTo(Jetty.VERSION);
    }
}
