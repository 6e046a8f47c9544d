package dev.hark.bootstrap.web;

import io.dropwizard.jetty.setup.ServletEnvironment;
import io.dropwizard.servlets.assets.AssetServlet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the browser client ({@code /hark-client.js} and the modules it imports from
 * {@code /hark-client/}) and, when enabled, the demo page ({@code /}) from the classpath folder the
 * build fills from {@code clients/javascript} and this module's resources. Dropwizard's
 * {@link AssetServlet} does the HTTP part (ETags, conditional GETs, content types). Each path is
 * mapped exactly or by prefix, so these win over Jersey's {@code /*} and nothing else on the
 * application context changes; the WebSocket route is matched before any servlet.
 */
public final class WebAssets {

    /** Classpath folder holding the files; the bootstrap POM copies the client package into it. */
    static final String RESOURCE_PATH = "/dev/hark/bootstrap/web/assets";
    public static final String CLIENT_MODULE = "/hark-client.js";
    private static final List<String> CLIENT_PATHS = List.of(CLIENT_MODULE, "/hark-client.d.ts", "/hark-client/*");
    /** {@code ""} is the servlet mapping of the context root {@code /} exactly. */
    private static final List<String> DEMO_PATHS = List.of("", "/index.html", "/demo.js", "/demo.css");

    private WebAssets() {
    }

    public static void install(ServletEnvironment servlets, boolean demoPage) {
        List<String> paths = new ArrayList<>(CLIENT_PATHS);
        if (demoPage) {
            paths.addAll(DEMO_PATHS);
        }
        servlets.addServlet("hark-web", new AssetServlet(RESOURCE_PATH, "/", "index.html", "text/plain", StandardCharsets.UTF_8))
                .addMapping(paths.toArray(String[]::new));
    }
}
