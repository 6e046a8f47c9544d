package dev.hark.application.port.inbound;

/**
 * Decides who is asking, before a session is opened or resumed. Adapters call it at the HTTP
 * upgrade, so a refusal is an HTTP status, not a session event. Fast and non-blocking (a hash or
 * an HMAC), safe to call from an I/O thread.
 */
public interface AuthenticateUseCase {

    Authentication authenticate(AccessRequest request);

    /** Whether any credential is required at all (so adapters can skip extracting one). */
    boolean credentialsRequired();
}
