package dev.hark.application.port.inbound;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import java.util.Optional;

/**
 * Whether the configured recognizer can take a format, asked before a session exists: an
 * adapter whose protocol refuses bad requests at the handshake (Deepgram's answers an HTTP 400)
 * can do so instead of accepting the connection and closing it.
 */
public interface AudioFormatQuery {

    /** Why {@code format} cannot be transcribed, or empty when it can. */
    Optional<ClientError> refusalFor(AudioFormat format);
}
