package dev.hark.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Path JAR = Path.of("hark.jar");
    private static final Path OUT = Path.of("out");

    @Test
    void defaultsToOneHundredSessionsForAMinute_withTheRelay_andIdleHeapAtTheLargestCount() {
        BenchOptions options = BenchOptions.parse(new String[0], JAR, OUT);

        assertThat(options.sessions()).containsExactly(100);
        assertThat(options.seconds()).isEqualTo(60);
        assertThat(options.relay()).isTrue();
        assertThat(options.idleSessions()).isEqualTo(100);
        assertThat(options.serverJvm()).containsExactly("-Xms2g", "-Xmx2g");
    }

    @Test
    void readsSeveralSessionCounts_andEveryOption() {
        BenchOptions options = BenchOptions.parse(new String[] {"--sessions", "100,500,1000", "--seconds", "5",
            "--warmup", "0", "--wav", "a.wav", "--no-relay", "--jfr", "x.jfr", "--server-jvm", "-Xmx1g -XX:+UseZGC",
            "--out", "o", "--hark-jar", "h.jar"}, JAR, OUT);

        assertThat(options.sessions()).containsExactly(100, 500, 1000);
        assertThat(options.idleSessions()).isEqualTo(1000);
        assertThat(options.seconds()).isEqualTo(5);
        assertThat(options.warmupSeconds()).isZero();
        assertThat(options.wav()).contains(Path.of("a.wav"));
        assertThat(options.relay()).isFalse();
        assertThat(options.jfr()).contains(Path.of("x.jfr"));
        assertThat(options.serverJvm()).isEqualTo(List.of("-Xmx1g", "-XX:+UseZGC"));
        assertThat(options.out()).isEqualTo(Path.of("o"));
        assertThat(options.harkJar()).isEqualTo(Path.of("h.jar"));
    }

    @Test
    void refusesUnknownOptions_missingValues_andCountsThatAreNotPositive() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"}, JAR, OUT)).hasMessageContaining("--fast");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--seconds"}, JAR, OUT)).hasMessageContaining("value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--sessions", "0"}, JAR, OUT))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--sessions", "ten"}, JAR, OUT))
                .hasMessageContaining("number");
    }
}
