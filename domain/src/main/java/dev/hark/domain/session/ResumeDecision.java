package dev.hark.domain.session;

import dev.hark.domain.error.ClientError;
import dev.hark.domain.transcript.Transcript;
import java.util.List;

/** The outcome of a resume request: attached (with what to replay), or refused with the session untouched. */
public sealed interface ResumeDecision {

    /**
     * @param generation  the new attachment's generation
     * @param replaced    the generation that was attached and has been taken over, or {@code null}
     *                    when the session was detached
     * @param replay      finals the client has not seen, in order
     * @param expiredSeqs finals after the client's {@code last_seq} that are no longer retained (0 normally)
     */
    record Resumed(Generation generation, Generation replaced, List<Transcript> replay, long expiredSeqs)
            implements ResumeDecision {

        public Resumed {
            replay = List.copyOf(replay);
        }

        public boolean tookOver() {
            return replaced != null;
        }
    }

    record Refused(ClientError error) implements ResumeDecision {
    }
}
