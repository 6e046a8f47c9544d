package dev.hark.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.bench.run.BenchOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

    private static final Path JAR = Path.of("hark.jar");
    private static final Path OUT = Path.of("out");

    @Test
    void takesTheBenchsOptions_withoutRelayOrIdleHeap() {
        BenchOptions options = ClusterOptions.parse(new String[] {"--cluster", "--sessions", "100,200", "--seconds",
            "30", "--warmup", "5", "--server-jvm", "-Xmx1g"}, JAR, OUT);

        assertThat(options.sessions()).containsExactly(100, 200);
        assertThat(options.seconds()).isEqualTo(30);
        assertThat(options.warmupSeconds()).isEqualTo(5);
        assertThat(options.serverJvm()).containsExactly("-Xmx1g");
        assertThat(options.relay()).isFalse();
        assertThat(options.idleSessions()).isZero();
        assertThat(options.jfr()).isEmpty();
    }

    @Test
    void refusesWhatItDoesNotDo_ratherThanIgnoringIt() {
        assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"--cluster", "--no-relay"}, JAR, OUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--no-relay");
        assertThatThrownBy(() -> ClusterOptions.parse(new String[] {"--cluster", "--jfr", "x.jfr"}, JAR, OUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jfr");
    }
}
