package dev.hark.infrastructure.inbound.deepgram;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The audio one connection received, for its closing {@code Metadata}: the SHA-256 of every
 * audio byte and how many samples the session's clock counted. Guarded by its connection.
 */
final class AudioTally {

    private final MessageDigest digest;
    private long samples;

    AudioTally() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    void bytes(byte[] audio) {
        digest.update(audio);
    }

    void samples(long count) {
        samples += count;
    }

    long samples() {
        return samples;
    }

    /** Hex SHA-256 of the bytes so far (of nothing, before any audio). */
    String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests can be cloned", e);
        }
    }
}
