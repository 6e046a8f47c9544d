package dev.hark.application.port.inbound;

import java.util.Objects;

/**
 * Who opens or resumes a session: the holder of a configured API key (directly, or through a
 * short-lived token minted from it), or nobody in particular where no credential is required
 * (no keys configured and the server on loopback only, or {@code auth: none}). Sessions count
 * against their key's {@link KeyLimits}; a session can only be resumed by the key that opened it.
 */
public sealed interface Caller {

    /** The name sessions are accounted under; never a secret. */
    String name();

    KeyLimits limits();

    /** No credential required: only the per-address attach limit applies. */
    record Anonymous() implements Caller {
        @Override
        public String name() {
            return "anonymous";
        }

        @Override
        public KeyLimits limits() {
            return KeyLimits.UNLIMITED;
        }
    }

    /** Authenticated by the API key named {@code keyName} (not the key itself). */
    record KeyHolder(String keyName, KeyLimits limits) implements Caller {
        public KeyHolder {
            Objects.requireNonNull(keyName, "keyName");
            Objects.requireNonNull(limits, "limits");
        }

        @Override
        public String name() {
            return keyName;
        }
    }

    Caller ANONYMOUS = new Anonymous();
}
