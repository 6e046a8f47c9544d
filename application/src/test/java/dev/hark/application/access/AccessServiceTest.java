package dev.hark.application.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.AccessRequest;
import dev.hark.application.port.inbound.AuthFailure;
import dev.hark.application.port.inbound.Authentication;
import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.CredentialKind;
import dev.hark.application.port.inbound.KeyLimits;
import dev.hark.application.port.inbound.PresentedCredential;
import dev.hark.application.port.outbound.AccessClaims;
import dev.hark.application.port.outbound.AccessMetricsPort;
import dev.hark.application.port.outbound.AccessTokenPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessServiceTest {

    private static final String ALPHA = "alpha-key-0123456789";
    private static final KeyLimits TWO = new KeyLimits(2, 0, 1);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeTokens tokens = new FakeTokens();
    private final CountingMetrics metrics = new CountingMetrics();
    private Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    @Test
    void acceptsAConfiguredKey_asItsHolderWithItsLimits() {
        AccessService service = keyed(ApiKey.fromKey("alpha", ALPHA, TWO));

        assertThat(service.authenticate(request(ALPHA))).isEqualTo(
                new Authentication.Authenticated(new Caller.KeyHolder("alpha", TWO), CredentialKind.API_KEY));
        assertThat(metrics.accepted).containsExactly(CredentialKind.API_KEY);
    }

    @Test
    void acceptsAKeyGivenOnlyAsItsSha256() {
        AccessService service = keyed(ApiKey.fromSha256("hashed",
                "e4b4d377ef4c5ed63d5e2dc595fda7cebcd0a718a20d1d30108f37e2ddf6e46f", KeyLimits.UNLIMITED));

        assertThat(service.authenticate(request("slow-key-0123456789abcdef")))
                .isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void refusesMissingMalformedAndUnknownCredentials_withTheirReasons() {
        AccessService service = keyed(ApiKey.fromKey("alpha", ALPHA, TWO));

        assertThat(reason(service.authenticate(new AccessRequest(Optional.empty(), false, Optional.empty(), OWN))))
                .isEqualTo(AuthFailure.MISSING_CREDENTIAL);
        assertThat(reason(service.authenticate(new AccessRequest(Optional.empty(), true, Optional.empty(), OWN))))
                .isEqualTo(AuthFailure.MALFORMED_CREDENTIAL);
        assertThat(reason(service.authenticate(request(ALPHA + "x")))).isEqualTo(AuthFailure.UNKNOWN_CREDENTIAL);
        assertThat(reason(service.authenticate(request("aa.bb.cc")))).isEqualTo(AuthFailure.UNKNOWN_CREDENTIAL);
        assertThat(metrics.failed).containsExactly(AuthFailure.MISSING_CREDENTIAL, AuthFailure.MALFORMED_CREDENTIAL,
                AuthFailure.UNKNOWN_CREDENTIAL, AuthFailure.UNKNOWN_CREDENTIAL);
    }

    @Test
    void aGrantedTokenOpensUntilItExpires_onTheInjectedClock() {
        AccessService service = keyed(ApiKey.fromKey("alpha", ALPHA, TWO));
        String token = service.grant(new Caller.KeyHolder("alpha", TWO), Optional.empty()).accessToken();

        clock = Clock.fixed(T0.plusSeconds(29), ZoneOffset.UTC);
        assertThat(keyedAgain(service).authenticate(request(token))).isEqualTo(
                new Authentication.Authenticated(new Caller.KeyHolder("alpha", TWO), CredentialKind.ACCESS_TOKEN));
        clock = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);
        assertThat(reason(keyedAgain(service).authenticate(request(token)))).isEqualTo(AuthFailure.EXPIRED_TOKEN);
    }

    @Test
    void aTokenOfARemovedKeyIsRefused() {
        AccessService before = keyed(ApiKey.fromKey("alpha", ALPHA, TWO));
        String token = before.grant(new Caller.KeyHolder("alpha", TWO), Optional.empty()).accessToken();

        AccessService after = keyed(ApiKey.fromKey("bravo", "bravo-key-0123456789", TWO));

        assertThat(reason(after.authenticate(request(token)))).isEqualTo(AuthFailure.REVOKED_KEY);
    }

    @Test
    void onlyAnApiKeyMayMintTokens() {
        AccessService service = keyed(ApiKey.fromKey("alpha", ALPHA, TWO));
        String token = service.grant(new Caller.KeyHolder("alpha", TWO), Optional.empty()).accessToken();

        assertThat(reason(service.authenticateGranter(request(token)))).isEqualTo(AuthFailure.TOKEN_NOT_ALLOWED);
        assertThat(service.authenticateGranter(request(ALPHA))).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void grantLifetimeIsTheDefault_orWhatWasAsked_cappedAtAnHour() {
        AccessService service = keyed(ApiKey.fromKey("alpha", ALPHA, TWO));
        Caller alpha = new Caller.KeyHolder("alpha", TWO);

        assertThat(service.grant(alpha, Optional.empty()).expiresIn()).isEqualTo(Duration.ofSeconds(30));
        assertThat(service.grant(alpha, Optional.of(Duration.ofSeconds(5))).expiresIn()).isEqualTo(Duration.ofSeconds(5));
        assertThat(service.grant(alpha, Optional.of(Duration.ofDays(1))).expiresIn()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void withoutKeys_everyoneIsAnonymous_butForeignPagesAreStillRefused() {
        AccessService open = new AccessService(AccessSettings.open(), tokens, clock, metrics);

        assertThat(open.credentialsRequired()).isFalse();
        assertThat(open.authenticate(new AccessRequest(Optional.empty(), false, Optional.empty(), OWN)))
                .isEqualTo(new Authentication.Authenticated(Caller.ANONYMOUS, CredentialKind.NONE));
        assertThat(open.authenticate(withOrigin("http://localhost:3000"))).isInstanceOf(Authentication.Authenticated.class);
        assertThat(open.authenticate(withOrigin(OWN))).isInstanceOf(Authentication.Authenticated.class);
        assertThat(reason(open.authenticate(withOrigin("https://evil.example")))).isEqualTo(AuthFailure.ORIGIN_NOT_ALLOWED);
    }

    @Test
    void withKeys_onlyListedOriginsAndHarksOwnPagesMayConnect() {
        AccessService service = new AccessService(new AccessSettings(AccessMode.KEYS,
                List.of(ApiKey.fromKey("alpha", ALPHA, TWO)), Duration.ofSeconds(30), List.of("https://App.Example/")),
                tokens, clock, metrics);

        assertThat(service.authenticate(new AccessRequest(Optional.of(new PresentedCredential(ALPHA,
                PresentedCredential.Source.SUBPROTOCOL)), false, Optional.of("https://app.example"), OWN)))
                .isInstanceOf(Authentication.Authenticated.class);
        assertThat(reason(service.authenticate(new AccessRequest(Optional.of(new PresentedCredential(ALPHA,
                PresentedCredential.Source.SUBPROTOCOL)), false, Optional.of("http://localhost:3000"), OWN))))
                .isEqualTo(AuthFailure.ORIGIN_NOT_ALLOWED);
    }

    @Test
    void presentedCredentialsNeverShowTheirSecret() {
        assertThat(new PresentedCredential(ALPHA, PresentedCredential.Source.QUERY).toString()).doesNotContain(ALPHA);
        assertThat(ApiKey.fromKey("alpha", ALPHA, TWO).toString()).doesNotContain(ALPHA);
    }

    // ---- fixtures --------------------------------------------------------------------------

    private static final String OWN = "http://hark.internal:8080";

    private AccessService keyed(ApiKey... keys) {
        return new AccessService(new AccessSettings(AccessMode.KEYS, List.of(keys), Duration.ofSeconds(30), List.of()),
                tokens, clock, metrics);
    }

    /** The same keys and tokens, read with the current clock. */
    private AccessService keyedAgain(AccessService unused) {
        return keyed(ApiKey.fromKey("alpha", ALPHA, TWO));
    }

    private static AccessRequest request(String secret) {
        return new AccessRequest(Optional.of(new PresentedCredential(secret,
                PresentedCredential.Source.AUTHORIZATION_HEADER)), false, Optional.empty(), OWN);
    }

    private static AccessRequest withOrigin(String origin) {
        return new AccessRequest(Optional.empty(), false, Optional.of(origin), OWN);
    }

    private static AuthFailure reason(Authentication outcome) {
        assertThat(outcome).isInstanceOf(Authentication.Refused.class);
        return ((Authentication.Refused) outcome).reason();
    }

    /** Tokens are opaque ids mapped to their claims: what the service does with claims is under test, not signing. */
    private static final class FakeTokens implements AccessTokenPort {
        private final Map<String, AccessClaims> issued = new HashMap<>();

        @Override
        public String sign(AccessClaims claims) {
            String token = "t" + issued.size() + ".c.s";
            issued.put(token, claims);
            return token;
        }

        @Override
        public Optional<AccessClaims> verify(String token) {
            return Optional.ofNullable(issued.get(token));
        }
    }

    private static final class CountingMetrics implements AccessMetricsPort {
        final List<CredentialKind> accepted = new ArrayList<>();
        final List<AuthFailure> failed = new ArrayList<>();

        @Override
        public void authenticated(CredentialKind kind) {
            accepted.add(kind);
        }

        @Override
        public void authFailed(AuthFailure reason) {
            failed.add(reason);
        }

        @Override
        public void tokenGranted() {
        }
    }
}
