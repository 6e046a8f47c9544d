package dev.hark.bootstrap.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser client's unit tests (node:test, {@code clients/javascript/test}) in the suite:
 * its resume logic, exactly-once filter, draining, tokens, resampler and buffers against a
 * scripted {@code ws} server, no browser. They are fast; the browser itself is {@link BrowserDemoIT}.
 */
class HarkClientJsIT {

    @Test
    void clientUnitTestsPassInNode() {
        NodePackage.Run tests = NodePackage.run(NodePackage.prepare(),
                List.of("node", "--test", "--test-timeout=20000", "test/"), Duration.ofMinutes(2));

        assertThat(tests.exitCode()).as("node --test test/ exit code; output:%n%s%n%s", tests.stdoutTail(),
                tests.stderrTail()).isZero();
        assertThat(tests.stdout()).as("the TAP summary").anyMatch(line -> line.matches("# pass [1-9][0-9]*"))
                .contains("# fail 0");
    }
}
