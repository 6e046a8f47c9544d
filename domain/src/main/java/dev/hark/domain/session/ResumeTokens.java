package dev.hark.domain.session;

import java.util.Objects;

/**
 * Which resume tokens resume a session (H16, H25). Every accepted resume hands the client a new
 * token, but the answer carrying it can be lost (the network drops again before
 * {@code session.resumed} arrives). So a rotation is only {@link Rotating pending} until the new
 * attachment proves it works with its first client message; meanwhile the token the client
 * presented still resumes. A token superseded by a committed rotation never works again.
 */
public sealed interface ResumeTokens {

    /** The token to hand to the client: the newest one. */
    ResumeToken newest();

    /** Whether {@code presented} resumes the session now; constant time per token compared. */
    boolean matches(String presented);

    /**
     * An accepted resume that presented {@code presented} attaches {@code generation} and hands out
     * {@code next}. The presented token stays valid until that generation proves itself.
     */
    ResumeTokens rotate(String presented, ResumeToken next, Generation generation);

    /** The attachment of {@code generation} sent a message: a rotation pending for it commits. */
    ResumeTokens confirm(Generation generation);

    static ResumeTokens settled(ResumeToken token) {
        return new Settled(token);
    }

    /** One token, known to the attached client (or the last one it proved it knew). */
    record Settled(ResumeToken token) implements ResumeTokens {

        public Settled {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public ResumeToken newest() {
            return token;
        }

        @Override
        public boolean matches(String presented) {
            return token.matches(presented);
        }

        @Override
        public ResumeTokens rotate(String presented, ResumeToken next, Generation generation) {
            return new Rotating(token, next, generation);
        }

        @Override
        public ResumeTokens confirm(Generation generation) {
            return this;
        }
    }

    /**
     * {@code pending} was sent to the attachment of {@code generation}, which has not yet shown it
     * received it; {@code committed} is the token the client last proved it knew.
     */
    record Rotating(ResumeToken committed, ResumeToken pending, Generation generation) implements ResumeTokens {

        public Rotating {
            Objects.requireNonNull(committed, "committed");
            Objects.requireNonNull(pending, "pending");
            Objects.requireNonNull(generation, "generation");
        }

        @Override
        public ResumeToken newest() {
            return pending;
        }

        @Override
        public boolean matches(String presented) {
            boolean previous = committed.matches(presented);
            boolean latest = pending.matches(presented); // both compared: timing says nothing about which
            return previous | latest;
        }

        /** Presenting the pending token proves the client got it, so the older one is dropped. */
        @Override
        public ResumeTokens rotate(String presented, ResumeToken next, Generation attaching) {
            return new Rotating(pending.matches(presented) ? pending : committed, next, attaching);
        }

        @Override
        public ResumeTokens confirm(Generation confirmed) {
            return confirmed.equals(generation) ? new Settled(pending) : this;
        }
    }
}
