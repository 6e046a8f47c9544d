package dev.hark.application.access;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code auth:} settings.
 *
 * @param keys           API keys; names are unique
 * @param tokenTtl       lifetime of a minted token when the caller asks for none
 * @param allowedOrigins browser origins allowed to connect besides Hark's own ({@code *} for any)
 */
public record AccessSettings(AccessMode mode, List<ApiKey> keys, Duration tokenTtl, List<String> allowedOrigins) {

    public AccessSettings {
        Objects.requireNonNull(mode, "mode");
        keys = List.copyOf(keys);
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        allowedOrigins = List.copyOf(allowedOrigins);
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("tokenTtl must be positive");
        }
        Set<String> names = new HashSet<>();
        for (ApiKey key : keys) {
            if (!names.add(key.name())) {
                throw new IllegalArgumentException("two API keys are named " + key.name());
            }
        }
    }

    /** No keys, no origins beyond Hark's own: the out-of-the-box setting. */
    public static AccessSettings open() {
        return new AccessSettings(AccessMode.KEYS, List.of(), Duration.ofSeconds(30), List.of());
    }

    /** Every session needs a credential: keys are configured and not switched off. */
    public boolean credentialsRequired() {
        return mode == AccessMode.KEYS && !keys.isEmpty();
    }

    /** Nothing protects the port, so it must only be reachable from this machine. */
    public boolean loopbackOnly() {
        return mode == AccessMode.KEYS && keys.isEmpty();
    }
}
