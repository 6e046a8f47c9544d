package dev.hark.infrastructure.client;

import java.io.IOException;

/** The bytes are not a WAV file this client can stream (only 16-bit integer PCM is accepted). */
public final class WavFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public WavFormatException(String message) {
        super(message);
    }
}
