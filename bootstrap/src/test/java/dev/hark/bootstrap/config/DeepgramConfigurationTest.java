package dev.hark.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The deepgram section: the key stays out of anything printed, and a missing key fails startup. */
class DeepgramConfigurationTest {

    private static final String KEY = "dg-secret-0123456789abcdef";

    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final YamlConfigurationFactory<HarkConfiguration> factory =
            new YamlConfigurationFactory<>(HarkConfiguration.class, Validators.newValidator(), mapper, "dw");

    @Test
    void readsTheKeyButNeverPrintsOrSerialisesIt() throws Exception {
        HarkConfiguration configuration = parse("""
                provider: deepgram
                deepgram:
                  apiKey: %s
                  url: ws://127.0.0.1:9090
                  keyterms: [hark, gateway]
                """.formatted(KEY));

        assertThat(configuration.deepgram().build().apiKey()).isEqualTo(KEY);
        assertThat(configuration.deepgram().build().keyterms()).containsExactly("hark", "gateway");
        assertThat(mapper.writeValueAsString(configuration)).doesNotContain(KEY).contains("ws://127.0.0.1:9090");
        assertThat(configuration.deepgram().toString()).doesNotContain(KEY).contains("redacted");
        assertThat(configuration.deepgram().build().toString()).doesNotContain(KEY);
    }

    @Test
    void refusesToStartWithDeepgramButNoKey() {
        assertThatThrownBy(() -> parse("provider: deepgram\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("DEEPGRAM_API_KEY");
    }

    @Test
    void needsNoKeyForTheEmbeddedEngine() throws Exception {
        assertThat(parse("provider: embedded\n").provider()).isEqualTo(ProviderKind.EMBEDDED);
    }

    @Test
    void theBundledConfigSelectsTheProviderFromTheEnvironment_defaultingToEmbedded() throws Exception {
        HarkConfiguration bundled = factory.build(new SubstitutingSourceProvider(
                path -> new java.io.FileInputStream(path), new EnvironmentVariableSubstitutor(false)),
                bundledConfig());

        assertThat(bundled.provider()).isEqualTo(System.getenv("HARK_PROVIDER") == null
                ? ProviderKind.EMBEDDED : ProviderKind.valueOf(System.getenv("HARK_PROVIDER").toUpperCase()));
    }

    @Test
    void rejectsAnEndpointingThatDeepgramWouldNot() {
        assertThatThrownBy(() -> parse("""
                deepgram:
                  endpointing: soon
                """)).isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("endpointing");
    }

    private HarkConfiguration parse(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    private static String bundledConfig() {
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (dir != null && !java.nio.file.Files.exists(dir.resolve("config.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("config.yml not found above the working directory");
        }
        return dir.resolve("config.yml").toString();
    }
}
