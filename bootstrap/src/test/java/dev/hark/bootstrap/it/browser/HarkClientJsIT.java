package dev.hark.bootstrap.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.emulator.deepgram.NodeProject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser client's unit tests (node:test, {@code clients/javascript/test}) in the suite:
 * its resume logic, exactly-once filter, draining, tokens, resampler and buffers against a
 * scripted {@code ws} server, no browser. They are fast; the browser itself is {@link BrowserDemoIT}.
 */
class HarkClientJsIT {

    @Test
    void clientUnitTestsPassInNode() {
        NodeProject.Run tests = ClientPackage.installed().node(Duration.ofMinutes(2),
                "--test", "--test-timeout=20000", "test/*.test.js");

        assertThat(tests.exitCode()).as("node --test exit code; output:%n%s%n%s",
                String.join("\n", tests.stdoutLines()), tests.stderrTail()).isZero();
        assertThat(tests.stdout()).as("the TAP summary").anyMatch(line -> line.matches("# pass [1-9][0-9]*"))
                .contains("# fail 0");
    }
}
