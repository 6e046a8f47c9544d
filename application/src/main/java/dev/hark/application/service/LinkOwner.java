package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.domain.error.ClientError;

/**
 * What the session does with its {@link RecognizerLink}'s news (the recognizer side implements
 * it); every call comes on the lane.
 */
interface LinkOwner {
    /** The listener for the stream of {@code epoch}; it hands events to the lane stamped with the epoch. */
    RecognitionListener listenerFor(long epoch);

    /** A stream opened and is current; {@code first} is true for the session's first. */
    void streamOpened(boolean first);

    /** The current stream is gone (failed or replaced); what it had not finished is in the ledger. */
    void streamLost();

    /** A backoff is over; the owner opens again ({@link RecognizerLink#open}) or releases ({@link RecognizerLink#release}). */
    void reconnectDue();

    /** The link cannot go on (a failure a new stream would not fix, or too many in a row). */
    void linkFailed(ClientError error);
}
