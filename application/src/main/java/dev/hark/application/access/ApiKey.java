package dev.hark.application.access;

import dev.hark.application.port.inbound.KeyLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A configured API key: its name (what logs and metrics show), the SHA-256 digest of the key
 * (the key itself is not kept), and its limits. Configuration may give the key or only its
 * digest, so a config file need not hold the secret. {@link #toString()} shows the name only.
 */
public final class ApiKey {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Shorter keys are guessable; Deepgram's are 40 hex characters. */
    public static final int MIN_KEY_LENGTH = 16;

    private final String name;
    private final byte[] digest;
    private final KeyLimits limits;

    private ApiKey(String name, byte[] digest, KeyLimits limits) {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("an API key name is 1-64 letters, digits, '.', '_' or '-': " + name);
        }
        this.name = name;
        this.digest = digest;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** From the key itself; it is hashed at once and not kept. */
    public static ApiKey fromKey(String name, String key, KeyLimits limits) {
        Objects.requireNonNull(key, "key");
        if (key.length() < MIN_KEY_LENGTH || !key.strip().equals(key) || key.contains(",")) {
            throw new IllegalArgumentException("API key " + name + " must be at least " + MIN_KEY_LENGTH
                    + " characters without spaces or commas");
        }
        return new ApiKey(name, sha256(key), limits);
    }

    /** From the hex SHA-256 digest of the key ({@code sha256sum} of the key without a newline). */
    public static ApiKey fromSha256(String name, String hexDigest, KeyLimits limits) {
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(Objects.requireNonNull(hexDigest, "hexDigest").strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keySha256 of API key " + name + " is not hex", e);
        }
        if (digest.length != 32) {
            throw new IllegalArgumentException("keySha256 of API key " + name + " must be 64 hex digits");
        }
        return new ApiKey(name, digest, limits);
    }

    public String name() {
        return name;
    }

    public KeyLimits limits() {
        return limits;
    }

    /** Constant time in the digest: every byte is compared whatever the first difference. */
    boolean matchesDigest(byte[] presentedDigest) {
        return MessageDigest.isEqual(digest, presentedDigest);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[" + name + ", " + limits + "]";
    }
}
