package dev.hark.infrastructure.inbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.infrastructure.inbound.deepgram.ListenCredentials.Presented;
import dev.hark.infrastructure.inbound.deepgram.ListenCredentials.Scheme;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenCredentialsTest {

    @Test
    void findsTheAuthorizationHeader_inAnyCase() {
        assertThat(ListenCredentials.find(List.of("token  abc"), List.of()))
                .isEqualTo(new Presented.Credential(Scheme.TOKEN, "abc", ""));
        assertThat(ListenCredentials.find(List.of("Bearer eyJ.x.y"), List.of()))
                .isEqualTo(new Presented.Credential(Scheme.BEARER, "eyJ.x.y", ""));
    }

    @Test
    void findsTheBrowserSubprotocolPair_keepingTheSchemeAsOfferedForTheEcho() {
        assertThat(ListenCredentials.find(List.of(), List.of("x-deepgram-session-id", "u-u-i-d", "Token", "abc")))
                .isEqualTo(new Presented.Credential(Scheme.TOKEN, "abc", "Token"));
    }

    @Test
    void tellsNoCredentialFromAMalformedOne() {
        assertThat(ListenCredentials.find(List.of(), List.of())).isInstanceOf(Presented.None.class);
        assertThat(ListenCredentials.find(List.of("Basic dXNlcg=="), List.of())).isInstanceOf(Presented.Malformed.class);
        assertThat(ListenCredentials.find(List.of("Token"), List.of())).isInstanceOf(Presented.Malformed.class);
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(new Presented.Credential(Scheme.TOKEN, "s3cr3t", "").toString()).doesNotContain("s3cr3t");
    }
}
