package dev.hark.domain.audio;

import java.util.Locale;
import java.util.Optional;

/** Encodings a client may declare. Only raw little-endian 16-bit PCM exists so far. */
public enum AudioEncoding {
    LINEAR16("linear16", 2);

    private final String wireName;
    private final int bytesPerSample;

    AudioEncoding(String wireName, int bytesPerSample) {
        this.wireName = wireName;
        this.bytesPerSample = bytesPerSample;
    }

    public String wireName() {
        return wireName;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    public static Optional<AudioEncoding> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.toLowerCase(Locale.ROOT);
        for (AudioEncoding encoding : values()) {
            if (encoding.wireName.equals(normalized)) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }
}
