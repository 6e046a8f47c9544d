package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.domain.session.SessionId;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way to one stream's {@link RecognitionListener}. Jetty delivers one connection's
 * events serially, but the close timer, a stalled write and {@code abort()} act on other
 * threads; every call therefore passes one lock, so calls never overlap, exactly one terminal
 * call ({@code onClosed} or {@code onFailed}) is made, and nothing follows it or
 * {@link #silence()}. Once {@code silence()} returns, no call is in flight. The lock is held
 * while the listener runs: a listener hands the event to the session's lane, which runs it on
 * this thread when the lane is idle (so lane work may run under this lock, and may take another
 * stream's gate); a holder of a gate never waits for lane work (a busy lane only queues), and a
 * listener that calls back into the stream on the same thread re-enters it safely.
 */
final class ListenerGate {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerGate.class);

    private final SessionId sessionId;
    private final RecognitionListener listener;
    private final Object lock = new Object();
    private boolean shut;

    ListenerGate(SessionId sessionId, RecognitionListener listener) {
        this.sessionId = sessionId;
        this.listener = listener;
    }

    /** A non-terminal call, dropped once the gate is shut. */
    void deliver(Consumer<RecognitionListener> call) {
        synchronized (lock) {
            if (!shut) {
                invoke(call);
            }
        }
    }

    /** The terminal call, made only by the first caller; true when it was this one. */
    boolean finish(Consumer<RecognitionListener> terminalCall) {
        synchronized (lock) {
            if (shut) {
                return false;
            }
            shut = true;
            invoke(terminalCall);
            return true;
        }
    }

    /** Shuts the gate with no terminal call (abort, or a stream that never opened); true when it was open. */
    boolean silence() {
        synchronized (lock) {
            boolean wasOpen = !shut;
            shut = true;
            return wasOpen;
        }
    }

    private void invoke(Consumer<RecognitionListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.error("session {}: recognition listener threw", sessionId, e);
        }
    }
}
