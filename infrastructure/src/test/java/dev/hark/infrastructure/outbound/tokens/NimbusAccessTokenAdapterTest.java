package dev.hark.infrastructure.outbound.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.application.port.outbound.AccessClaims;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NimbusAccessTokenAdapterTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";
    private static final AccessClaims CLAIMS = new AccessClaims("alpha", Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:30Z"));

    @Test
    void verifiesWhatItSigned_andInstancesSharingTheSecretAcceptEachOthersTokens() {
        String token = NimbusAccessTokenAdapter.withSecret(SECRET).sign(CLAIMS);

        assertThat(NimbusAccessTokenAdapter.withSecret(SECRET).verify(token)).contains(CLAIMS);
    }

    @Test
    void refusesTokensOfAnotherKey_tamperedTokens_andUnsignedOnes() {
        NimbusAccessTokenAdapter adapter = NimbusAccessTokenAdapter.withSecret(SECRET);
        String token = adapter.sign(CLAIMS);
        String[] parts = token.split("\\.");
        String otherSubject = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("alpha", "bravo").getBytes(StandardCharsets.UTF_8));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(NimbusAccessTokenAdapter.withRandomSecret().verify(token)).isEmpty();
        assertThat(adapter.verify(parts[0] + "." + otherSubject + "." + parts[2])).isEmpty();
        assertThat(adapter.verify(none + "." + parts[1] + ".")).isEmpty();
        assertThat(adapter.verify("not a token")).isEmpty();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> NimbusAccessTokenAdapter.withSecret("too-short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
