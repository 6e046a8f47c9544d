package dev.hark.emulator.deepgram;

import java.util.Objects;

/** The answer to one upgrade request. */
sealed interface HandshakeDecision {

    /** Upgrade, selecting {@code subprotocol} ("" for none). */
    record Accept(StreamSetup setup, String subprotocol) implements HandshakeDecision {

        public Accept {
            Objects.requireNonNull(setup, "setup");
            Objects.requireNonNull(subprotocol, "subprotocol");
        }
    }

    /** Refuse with {@code status}, a {@code dg-error} header and {@code {err_code, err_msg, request_id}}. */
    record Reject(int status, String errCode, String errMsg) implements HandshakeDecision {

        public Reject {
            Objects.requireNonNull(errCode, "errCode");
            Objects.requireNonNull(errMsg, "errMsg");
        }
    }
}
