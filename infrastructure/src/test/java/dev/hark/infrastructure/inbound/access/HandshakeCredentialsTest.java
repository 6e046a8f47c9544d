package dev.hark.infrastructure.inbound.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.PresentedCredential;
import dev.hark.application.port.inbound.PresentedCredential.Source;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeCredentialsTest {

    @Test
    void readsBearerAndToken_inAnyCase_fromAuthorization() {
        assertThat(found(List.of("Bearer k1"), List.of(), Map.of())).isEqualTo(credential("k1", Source.AUTHORIZATION_HEADER));
        assertThat(found(List.of("token  k2 "), List.of(), Map.of())).isEqualTo(credential("k2", Source.AUTHORIZATION_HEADER));
    }

    @Test
    void anotherSchemeOrAnEmptyCredential_isMalformed_notMissing() {
        assertThat(HandshakeCredentials.find(List.of("Basic abc"), List.of(), Map.of()).malformed()).isTrue();
        assertThat(HandshakeCredentials.find(List.of("Bearer"), List.of(), Map.of()).malformed()).isTrue();
        assertThat(HandshakeCredentials.find(List.of(), List.of(), Map.of("access_token", List.of(" "))).malformed())
                .isTrue();
    }

    @Test
    void readsTheSubprotocolPair_andAnswersTheSchemeAsOffered() {
        HandshakeCredentials found = HandshakeCredentials.find(List.of(), List.of("Bearer, eyJ.a.b"), Map.of());
        assertThat(found.credential()).isEqualTo(credential("eyJ.a.b", Source.SUBPROTOCOL));
        assertThat(found.subprotocol()).contains("Bearer");
        assertThat(HandshakeCredentials.find(List.of(), List.of("token", "k3"), Map.of()).credential())
                .isEqualTo(credential("k3", Source.SUBPROTOCOL));
    }

    @Test
    void answersTheSchemeEvenWhenTheHeaderCarriesTheCredential() {
        HandshakeCredentials found = HandshakeCredentials.find(List.of("Token k"), List.of("token, k"), Map.of());
        assertThat(found.subprotocol()).contains("token");
        assertThat(found.credential()).isEqualTo(credential("k", Source.AUTHORIZATION_HEADER));
    }

    @Test
    void readsAccessTokenFromTheQuery_last() {
        assertThat(found(List.of(), List.of("json"), Map.of("access_token", List.of("t1", "t2"))))
                .isEqualTo(credential("t2", Source.QUERY));
        assertThat(HandshakeCredentials.find(List.of(), List.of("json"), Map.of()).subprotocol()).isEmpty();
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(HandshakeCredentials.find(List.of("Bearer sekret-value"), List.of(), Map.of()).toString())
                .doesNotContain("sekret-value");
    }

    private static Optional<PresentedCredential> found(List<String> authorization, List<String> subprotocols,
                                                       Map<String, List<String>> query) {
        return HandshakeCredentials.find(authorization, subprotocols, query).credential();
    }

    private static Optional<PresentedCredential> credential(String secret, Source where) {
        return Optional.of(new PresentedCredential(secret, where));
    }
}
