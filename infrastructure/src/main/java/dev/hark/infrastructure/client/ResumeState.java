package dev.hark.infrastructure.client;

import dev.hark.infrastructure.client.StreamEvent.Attached;
import dev.hark.infrastructure.client.StreamEvent.Transcript;
import java.net.URI;

/**
 * What a client must remember to resume its session: the id, the latest (rotated) resume token
 * and the {@code seq} of the last final it delivered. It is also the exactly-once filter: a
 * transcript whose {@code seq} is not above the last delivered final is a replay of something the
 * listener already has (or an interim of an utterance already final), and is dropped.
 *
 * <p>Events of one socket arrive in order on one thread, but a resume reads this state from
 * another thread after the old socket ended, so every method is synchronized.
 */
final class ResumeState {

    private String sessionId;
    private String resumeToken;
    private long lastFinalSeq;
    private boolean anyFinal;

    /** Records the session's id and newest token from {@code session.started} or {@code session.resumed}. */
    synchronized void attached(Attached attached) {
        sessionId = attached.sessionId();
        resumeToken = attached.resumeToken();
    }

    /** Whether the listener should see {@code transcript}; remembers its {@code seq} when it is a new final. */
    synchronized boolean admit(Transcript transcript) {
        if (anyFinal && transcript.seq() <= lastFinalSeq) {
            return false;
        }
        if (transcript.isFinal()) {
            lastFinalSeq = transcript.seq();
            anyFinal = true;
        }
        return true;
    }

    synchronized boolean canResume() {
        return sessionId != null;
    }

    synchronized String sessionId() {
        return sessionId;
    }

    synchronized long lastFinalSeq() {
        return anyFinal ? Math.max(0, lastFinalSeq) : 0;
    }

    /** The URI that resumes this session on {@code target}'s endpoint. */
    synchronized URI resumeUri(StreamTarget target) {
        if (sessionId == null) {
            throw new IllegalStateException("no session to resume");
        }
        return target.resumeUri(sessionId, resumeToken, lastFinalSeq());
    }
}
