package dev.hark.bench.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedOptionsTest {

    private static final Path JAR = Path.of("hark.jar");
    private static final Path OUT = Path.of("out");

    @Test
    void stepsUpFromTheClisCount_withHarksSearch_andAdmission_byDefault() {
        EmbeddedOptions options = EmbeddedOptions.parse(new String[] {"--hark-jar", "h.jar", "--embedded"}, JAR, OUT);

        assertThat(options.streams()).isEmpty();
        assertThat(options.seconds()).isEqualTo(60);
        assertThat(options.engineSearch()).isTrue();
        assertThat(options.admission()).isTrue();
        assertThat(options.fixtures()).isEqualTo(Path.of("testdata/speech"));
        assertThat(options.repeats()).isEqualTo(3);
        assertThat(options.harkJar()).isEqualTo(Path.of("h.jar"));
    }

    @Test
    void readsEveryOption() {
        EmbeddedOptions options = EmbeddedOptions.parse(new String[] {"--embedded", "--streams", "8,12", "--seconds",
            "30", "--search", "fast", "--no-admission", "--fixtures", "f", "--repeats", "1", "--server-jvm",
            "-Xmx2g", "--out", "o"}, JAR, OUT);

        assertThat(options.streams()).containsExactly(8, 12);
        assertThat(options.seconds()).isEqualTo(30);
        assertThat(options.engineSearch()).isFalse();
        assertThat(options.admission()).isFalse();
        assertThat(options.fixtures()).isEqualTo(Path.of("f"));
        assertThat(options.repeats()).isEqualTo(1);
        assertThat(options.serverJvm()).containsExactly("-Xmx2g");
        assertThat(options.out()).isEqualTo(Path.of("o"));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> EmbeddedOptions.parse(new String[] {"--search", "hark"}, JAR, OUT))
                .hasMessageContaining("engine or fast");
        assertThatThrownBy(() -> EmbeddedOptions.parse(new String[] {"--streams", "0"}, JAR, OUT))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> EmbeddedOptions.parse(new String[] {"--wav", "x"}, JAR, OUT))
                .hasMessageContaining("unknown option");
    }
}
