package dev.hark.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.access.AccessMode;
import dev.hark.application.access.AccessSettings;
import dev.hark.application.port.inbound.KeyLimits;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The auth section: key sources, limits, {@code auth: none}, secrets kept out of print, loopback by default. */
class AuthConfigurationTest {

    private static final String KEY = "alpha-key-0123456789abcdef";

    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final YamlConfigurationFactory<HarkConfiguration> factory =
            new YamlConfigurationFactory<>(HarkConfiguration.class, Validators.newValidator(), mapper, "dw");

    @Test
    void keyListOverridesTheFilesKeys_withTheDefaultLimits_andNothingPrintsAKey() throws Exception {
        HarkConfiguration configuration = parse("""
                auth:
                  keyList: "web:%s, batch:batch-key-0123456789abcdef"
                  keyLimits: {maxConcurrentSessions: 5}
                  tokenSecret: a-shared-secret-of-at-least-32-bytes!
                  apiKeys:
                    - name: ignored
                      key: ignored-key-0123456789abcdef
                """.formatted(KEY));

        AccessSettings access = configuration.auth().build();
        assertThat(access.keys()).extracting(key -> key.name()).containsExactly("web", "batch");
        assertThat(access.keys().get(0).limits()).isEqualTo(new KeyLimits(5, 0, 1));
        assertThat(access.credentialsRequired()).isTrue();
        assertThat(mapper.writeValueAsString(configuration)).doesNotContain(KEY).doesNotContain("a-shared-secret");
        assertThat(configuration.auth().toString()).doesNotContain(KEY).doesNotContain("a-shared-secret");
    }

    @Test
    void listedKeysTakeTheirOwnLimits_andMayBeGivenAsSha256() throws Exception {
        AccessSettings access = parse("""
                auth:
                  apiKeys:
                    - name: solo
                      keySha256: e4b4d377ef4c5ed63d5e2dc595fda7cebcd0a718a20d1d30108f37e2ddf6e46f
                      maxConcurrentSessions: 1
                      newSessionsPerSecond: 0.5
                      sessionBurst: 3
                """).auth().build();

        assertThat(access.keys().get(0).limits()).isEqualTo(new KeyLimits(1, 0.5, 3));
    }

    @Test
    void authNoneIsAcceptedAsAPlainValue() throws Exception {
        assertThat(parse("auth: none\n").auth().build().mode()).isEqualTo(AccessMode.NONE);
        assertThat(parse("auth: {mode: none}\n").auth().build().mode()).isEqualTo(AccessMode.NONE);
    }

    @Test
    void withoutKeys_unboundConnectorsBindLoopback_andAnExplicitOtherHostFailsStartup() throws Exception {
        HarkConfiguration open = parse("{}\n");
        LoopbackBinding.apply(open.auth().build(), open.getServerFactory());
        DefaultServerFactory server = (DefaultServerFactory) open.getServerFactory();
        assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getBindHost())
                .isEqualTo("127.0.0.1");

        HarkConfiguration exposed = parse("""
                server:
                  applicationConnectors:
                    - type: http
                      bindHost: 0.0.0.0
                """);
        assertThatThrownBy(() -> LoopbackBinding.apply(exposed.auth().build(), exposed.getServerFactory()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HARK_API_KEYS");
    }

    @Test
    void withKeysOrAuthNone_connectorsBindAsConfigured() throws Exception {
        HarkConfiguration keyed = parse("auth: {keyList: \"web:%s\"}\n".formatted(KEY));
        LoopbackBinding.apply(keyed.auth().build(), keyed.getServerFactory());
        assertThat(((HttpConnectorFactory) ((DefaultServerFactory) keyed.getServerFactory()).getApplicationConnectors()
                .get(0)).getBindHost()).isNull();
    }

    @Test
    void refusesAMalformedKeyList() {
        assertThatThrownBy(() -> parse("auth: {keyList: \"no-colon-here\"}\n").auth().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name:key");
    }

    private HarkConfiguration parse(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
