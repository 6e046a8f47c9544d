package dev.hark.application.access;

import dev.hark.application.port.inbound.AccessRequest;
import dev.hark.application.port.inbound.AuthFailure;
import dev.hark.application.port.inbound.AuthenticateUseCase;
import dev.hark.application.port.inbound.Authentication;
import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.CredentialKind;
import dev.hark.application.port.inbound.GrantAccessTokenUseCase;
import dev.hark.application.port.inbound.PresentedCredential;
import dev.hark.application.port.outbound.AccessClaims;
import dev.hark.application.port.outbound.AccessMetricsPort;
import dev.hark.application.port.outbound.AccessTokenPort;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authenticates callers by API key or minted token and mints tokens. A presented secret is first
 * compared against every configured key's digest (all of them, in constant time each, so timing
 * says nothing about which key came close); only if none matches and it has the shape of a
 * token is it checked as one. Token expiry is judged on the injected clock. Failures are counted
 * by reason and logged without the secret.
 */
public final class AccessService implements AuthenticateUseCase, GrantAccessTokenUseCase {

    private static final Logger LOG = System.getLogger(AccessService.class.getName());
    /** Three base64url parts: the compact form of a signed token. */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final AccessSettings settings;
    private final AccessTokenPort tokens;
    private final Clock clock;
    private final AccessMetricsPort metrics;
    private final OriginPolicy origins;

    public AccessService(AccessSettings settings, AccessTokenPort tokens, Clock clock, AccessMetricsPort metrics) {
        this.settings = settings;
        this.tokens = tokens;
        this.clock = clock;
        this.metrics = metrics;
        this.origins = new OriginPolicy(settings.allowedOrigins(), settings.loopbackOnly());
    }

    @Override
    public boolean credentialsRequired() {
        return settings.credentialsRequired();
    }

    @Override
    public Authentication authenticate(AccessRequest request) {
        return counted(request, decide(request));
    }

    @Override
    public Authentication authenticateGranter(AccessRequest request) {
        Authentication outcome = decide(request);
        if (outcome instanceof Authentication.Authenticated ok && ok.kind() == CredentialKind.ACCESS_TOKEN) {
            outcome = refused(AuthFailure.TOKEN_NOT_ALLOWED, "a token cannot mint tokens; use an API key");
        }
        return counted(request, outcome);
    }

    private Authentication counted(AccessRequest request, Authentication outcome) {
        switch (outcome) {
            case Authentication.Authenticated ok -> metrics.authenticated(ok.kind());
            case Authentication.Refused refused -> {
                metrics.authFailed(refused.reason());
                LOG.log(Level.INFO, "access refused: {0} ({1})", refused.reason(),
                        request.credential().map(c -> "credential from " + c.where()).orElse("no credential"));
            }
        }
        return outcome;
    }

    private Authentication decide(AccessRequest request) {
        if (!origins.allows(request.origin(), request.ownOrigin())) {
            return refused(AuthFailure.ORIGIN_NOT_ALLOWED, "this page's origin is not allowed to connect");
        }
        if (!settings.credentialsRequired()) {
            return new Authentication.Authenticated(Caller.ANONYMOUS, CredentialKind.NONE);
        }
        if (request.malformed()) {
            return refused(AuthFailure.MALFORMED_CREDENTIAL,
                    "send the API key or token as 'Authorization: Bearer <key>' or 'Token <key>'");
        }
        if (request.credential().isEmpty()) {
            return refused(AuthFailure.MISSING_CREDENTIAL, "this server needs an API key or a token");
        }
        return check(request.credential().get());
    }

    private Authentication check(PresentedCredential credential) {
        byte[] digest = ApiKey.sha256(credential.secret());
        ApiKey matched = null;
        for (ApiKey key : settings.keys()) {
            if (key.matchesDigest(digest) && matched == null) {
                matched = key;
            }
        }
        if (matched != null) {
            return new Authentication.Authenticated(new Caller.KeyHolder(matched.name(), matched.limits()),
                    CredentialKind.API_KEY);
        }
        if (!TOKEN_SHAPE.matcher(credential.secret()).matches()) {
            return refused(AuthFailure.UNKNOWN_CREDENTIAL, "the API key or token is not valid");
        }
        Optional<AccessClaims> claims = tokens.verify(credential.secret());
        if (claims.isEmpty()) {
            return refused(AuthFailure.UNKNOWN_CREDENTIAL, "the API key or token is not valid");
        }
        if (!clock.instant().isBefore(claims.get().expiresAt())) {
            return refused(AuthFailure.EXPIRED_TOKEN, "the token has expired; get a new one");
        }
        return settings.keys().stream().filter(key -> key.name().equals(claims.get().keyName())).findFirst()
                .<Authentication>map(key -> new Authentication.Authenticated(
                        new Caller.KeyHolder(key.name(), key.limits()), CredentialKind.ACCESS_TOKEN))
                .orElseGet(() -> refused(AuthFailure.REVOKED_KEY, "the key this token was made from is no longer valid"));
    }

    @Override
    public AccessGrant grant(Caller caller, Optional<Duration> ttl) {
        Duration lifetime = ttl.filter(asked -> !asked.isNegative() && !asked.isZero())
                .map(asked -> asked.compareTo(MAX_TTL) > 0 ? MAX_TTL : asked)
                .orElse(settings.tokenTtl());
        Instant now = clock.instant();
        String token = tokens.sign(new AccessClaims(caller.name(), now, now.plus(lifetime)));
        metrics.tokenGranted();
        LOG.log(Level.DEBUG, "token granted to {0} for {1} s", caller.name(), lifetime.toSeconds());
        return new AccessGrant(token, lifetime);
    }

    private static Authentication refused(AuthFailure reason, String message) {
        return new Authentication.Refused(reason, message);
    }
}
