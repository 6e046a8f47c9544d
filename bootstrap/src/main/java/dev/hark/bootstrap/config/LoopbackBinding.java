package dev.hark.bootstrap.config;

import dev.hark.application.access.AccessMode;
import dev.hark.application.access.AccessSettings;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure by default without friction: with no API keys configured, Hark serves only this
 * machine. Connectors with no {@code bindHost} are bound to 127.0.0.1 and the first log lines say
 * so; a connector explicitly bound elsewhere fails startup, because anyone reaching it could open
 * sessions (and spend a Deepgram account). Keys, or an explicit {@code auth: none}, lift this.
 */
public final class LoopbackBinding {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackBinding.class);
    static final String LOOPBACK = "127.0.0.1";

    private LoopbackBinding() {
    }

    /** Applies the rule to the server's connectors before the server is built. */
    public static void apply(AccessSettings access, ServerFactory server) {
        List<HttpConnectorFactory> connectors = httpConnectors(server);
        if (access.mode() == AccessMode.NONE) {
            LOG.warn("auth: none: no credential is asked for; anyone who can reach {} can open sessions",
                    describe(connectors));
            return;
        }
        if (access.credentialsRequired()) {
            LOG.info("{} API key(s) configured; every session needs a credential", access.keys().size());
            return;
        }
        for (HttpConnectorFactory connector : connectors) {
            String host = connector.getBindHost();
            if (host == null || host.isBlank()) {
                connector.setBindHost(LOOPBACK);
            } else if (!isLoopback(host)) {
                throw new IllegalStateException("bindHost " + host + " is reachable from other machines, and no API "
                        + "key is configured: set HARK_API_KEYS=name:key (auth.apiKeys), or auth: none if the "
                        + "network itself is trusted");
            }
        }
        LOG.warn("No API keys configured: listening on loopback only ({}). To serve other machines set "
                + "HARK_API_KEYS=name:key (or auth.apiKeys), or auth: none on a trusted network.", describe(connectors));
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<HttpConnectorFactory> httpConnectors(ServerFactory server) {
        List<ConnectorFactory> all = new ArrayList<>();
        if (server instanceof DefaultServerFactory standard) {
            all.addAll(standard.getApplicationConnectors());
            all.addAll(standard.getAdminConnectors());
        } else if (server instanceof SimpleServerFactory simple) {
            all.add(simple.getConnector());
        }
        return all.stream().filter(HttpConnectorFactory.class::isInstance).map(HttpConnectorFactory.class::cast)
                .toList();
    }

    private static String describe(List<HttpConnectorFactory> connectors) {
        return String.join(", ", connectors.stream().map(c -> (c.getBindHost() == null ? "*" : c.getBindHost()) + ":"
                + c.getPort()).toList());
    }
}
