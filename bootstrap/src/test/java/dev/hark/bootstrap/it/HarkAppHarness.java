package dev.hark.bootstrap.it;

import dev.hark.bootstrap.HarkApplication;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The real application on random ports, with the test configuration. */
public final class HarkAppHarness {

    private static WebSocketClient client;

    private HarkAppHarness() {
    }

    /** One WebSocket client for every IT in this JVM, started on first use, stopped at JVM exit. */
    public static synchronized WebSocketClient client() {
        if (client == null) {
            WebSocketClient started = new WebSocketClient();
            started.setMaxBinaryMessageSize(4 * 1024 * 1024);
            try {
                started.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test WebSocket client", e);
            }
            client = started;
        }
        return client;
    }

    public static DropwizardAppExtension<HarkConfiguration> app(ConfigOverride... overrides) {
        return new DropwizardAppExtension<>(HarkApplication.class,
                ResourceHelpers.resourceFilePath("test-config.yml"), overrides);
    }

    /** The real application with another configuration file from the test resources. */
    public static DropwizardAppExtension<HarkConfiguration> appWith(String configResource, ConfigOverride... overrides) {
        return new DropwizardAppExtension<>(HarkApplication.class, ResourceHelpers.resourceFilePath(configResource),
                overrides);
    }

    public static URI streamUri(DropwizardAppExtension<HarkConfiguration> app, String query) {
        return URI.create("ws://localhost:" + app.getLocalPort() + "/v1/stream" + (query.isEmpty() ? "" : "?" + query));
    }

    public static HttpResponse<String> admin(DropwizardAppExtension<HarkConfiguration> app, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.getAdminPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
