package dev.hark.domain.audio;

import java.util.Locale;
import java.util.Optional;

/**
 * Raw, headerless encodings a client may declare (the names are Deepgram's, so the same query
 * works on {@code /v1/stream} and {@code /v1/listen}). Samples of every channel are interleaved.
 */
public enum AudioEncoding {
    /** Signed 16-bit little-endian PCM. */
    LINEAR16("linear16", 2),
    /** G.711 mu-law, one byte per sample (North American and Japanese telephony, Twilio Media Streams). */
    MULAW("mulaw", 1),
    /** G.711 A-law, one byte per sample (European telephony). */
    ALAW("alaw", 1);

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
