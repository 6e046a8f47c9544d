package dev.hark.domain.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How a session answers a client that wants to attach again.
 *
 * @param policy         what to do when the current attachment is still attached (H11)
 * @param cooldown       minimum time between two attachments of one session (H17)
 * @param busyRetryAfter retry hint sent with {@code SESSION_BUSY}
 */
public record ResumeRules(AttachPolicy policy, Duration cooldown, Duration busyRetryAfter) {

    public static final ResumeRules DEFAULTS =
            new ResumeRules(AttachPolicy.REJECT, Duration.ofMillis(250), Duration.ofSeconds(1));

    public ResumeRules {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(busyRetryAfter, "busyRetryAfter");
    }
}
