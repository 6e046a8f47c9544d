package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static final String KEY = "k3y";

    @Test
    void acceptsTokenHeader_withTheSchemeInAnyCase() {
        assertThat(Credentials.accepted(KEY, List.of("Token k3y"), List.of())).isTrue();
        assertThat(Credentials.accepted(KEY, List.of("token k3y"), List.of())).isTrue();
        assertThat(Credentials.accepted(KEY, List.of("TOKEN  k3y "), List.of())).isTrue();
    }

    @Test
    void acceptsAnyNonEmptyBearerToken_becauseJwtsCannotBeVerifiedHere() {
        assertThat(Credentials.accepted(KEY, List.of("Bearer eyJ.any.thing"), List.of())).isTrue();
        assertThat(Credentials.accepted(KEY, List.of("Bearer "), List.of())).isFalse();
    }

    @Test
    void acceptsSubprotocolPairs_anywhereInTheOfferedList() {
        assertThat(Credentials.accepted(KEY, List.of(), List.of("token", KEY))).isTrue();
        assertThat(Credentials.accepted(KEY, List.of(), List.of("bearer", "jwt"))).isTrue();
        assertThat(Credentials.accepted(KEY, List.of(), List.of("x-deepgram-session-id", "id", "token", KEY))).isTrue();
    }

    @Test
    void refusesWrongMissingOrUnknownCredentials() {
        assertThat(Credentials.accepted(KEY, List.of(), List.of())).isFalse();
        assertThat(Credentials.accepted(KEY, List.of("Token wrong"), List.of())).isFalse();
        assertThat(Credentials.accepted(KEY, List.of("Basic k3y"), List.of())).isFalse();
        assertThat(Credentials.accepted(KEY, List.of("k3y"), List.of())).isFalse();
        assertThat(Credentials.accepted(KEY, List.of(), List.of("token"))).isFalse();
        assertThat(Credentials.accepted(KEY, List.of(), List.of(KEY, "token"))).isFalse();
    }

    @Test
    void acceptsAnything_whenNoKeyIsConfigured() {
        assertThat(Credentials.accepted("", List.of(), List.of())).isTrue();
        assertThat(Credentials.accepted("", List.of("Token whatever"), List.of())).isTrue();
    }

    @Test
    void selectsTheTokenOrBearerSubprotocol_asTheClientWroteIt() {
        assertThat(Credentials.selectedSubprotocol(List.of("token", KEY))).isEqualTo("token");
        assertThat(Credentials.selectedSubprotocol(List.of("Bearer", "jwt"))).isEqualTo("Bearer");
        assertThat(Credentials.selectedSubprotocol(List.of("chat"))).isEmpty();
        assertThat(Credentials.selectedSubprotocol(List.of())).isEmpty();
    }
}
