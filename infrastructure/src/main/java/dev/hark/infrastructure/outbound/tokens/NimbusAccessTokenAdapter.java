package dev.hark.infrastructure.outbound.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.hark.application.port.outbound.AccessClaims;
import dev.hark.application.port.outbound.AccessTokenPort;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

/**
 * Signs tokens as HS256 JWS with the issuer {@code hark}, the key's name as subject, issue and
 * expiry times and a random id. Verifying accepts only HS256 with this key and this issuer; the
 * expiry is left to the application, which judges it on its own clock.
 *
 * <p>The signing secret is either configured (every instance behind one load balancer must share
 * it, so a token minted on one is accepted by another) or generated at startup (tokens then die
 * with the process, which is fine for a single server). Either way it is at least 256 bits.
 */
public final class NimbusAccessTokenAdapter implements AccessTokenPort {

    static final String ISSUER = "hark";
    /** HS256 needs a key of at least the hash size. */
    public static final int MIN_SECRET_BYTES = 32;

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final SecureRandom random = new SecureRandom();

    private NimbusAccessTokenAdapter(byte[] secret) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the token signing secret must be at least " + MIN_SECRET_BYTES
                    + " bytes", e);
        }
    }

    /** With a configured secret (UTF-8, at least 32 bytes), shared by every instance. */
    public static NimbusAccessTokenAdapter withSecret(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token signing secret must be at least " + MIN_SECRET_BYTES
                    + " bytes");
        }
        return new NimbusAccessTokenAdapter(bytes);
    }

    /** With a random secret that lives as long as this process. */
    public static NimbusAccessTokenAdapter withRandomSecret() {
        byte[] bytes = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new NimbusAccessTokenAdapter(bytes);
    }

    @Override
    public String sign(AccessClaims claims) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        JWTClaimsSet body = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(claims.keyName())
                .issueTime(Date.from(claims.issuedAt()))
                .expirationTime(Date.from(claims.expiresAt()))
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), body);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    @Override
    public Optional<AccessClaims> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(claims.getIssuer()) || claims.getSubject() == null || claims.getIssueTime() == null
                    || claims.getExpirationTime() == null) {
                return Optional.empty();
            }
            return Optional.of(new AccessClaims(claims.getSubject(), claims.getIssueTime().toInstant(),
                    claims.getExpirationTime().toInstant()));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
