package dev.hark.bootstrap.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.it.HarkAppHarness;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code demo.enabled: false} takes the page away and leaves the client module, which apps import.
 * (With the default, {@link BrowserDemoIT} loads the page.) The echo provider keeps the app light.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DemoSwitchIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app(
            ConfigOverride.config("demo.enabled", "false"),
            ConfigOverride.config("provider", "echo"));

    @Test
    void withTheDemoOff_thePageIsGoneAndTheClientModuleIsServed() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/demo.js").statusCode()).isEqualTo(404);

        HttpResponse<String> module = get("/hark-client.js");
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(module.body()).contains("export class HarkClient");
        assertThat(get("/hark-client/capture-worklet.js").statusCode()).as("the worklet the module loads").isEqualTo(200);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
