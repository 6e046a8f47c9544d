package dev.hark.application.service;

import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.SessionLifetime;
import dev.hark.application.port.outbound.store.AdoptOutcome;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.Session;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Gateway role (H33): a resume for a session this gateway does not hold adopts it from the
 * store's journal. The store checks the presented token (current or pending) and the key in the
 * same step that fences the previous holder and retires its store session; here the session is
 * rebuilt as it would be after a drop with its recognizer released (H27): detached, the ledger
 * empty from the last journaled final on, the finals kept for a resume in its outbox. The caller
 * then runs the ordinary resume on it: the client gets {@code audio_end} at that final's end
 * and resends from there, and a new recognizer stream decodes it (whatever the old worker
 * published after the last journaled final is re-decoded, never delivered twice).
 */
final class SessionAdoption {

    private static final Logger LOG = System.getLogger(SessionAdoption.class.getName());

    /** The adopted session, registered and waiting for its resume; or why not. */
    sealed interface Adoption {
        record Ready(LiveSession live) implements Adoption {
        }

        record Refused(ClientError error) implements Adoption {
        }
    }

    private final SessionContext context;
    private final ClientJournaling journaling;
    private final SessionRegistry sessions;
    private final KeyAdmission keyAdmission;

    SessionAdoption(SessionContext context, ClientJournaling journaling, SessionRegistry sessions,
                    KeyAdmission keyAdmission) {
        this.context = context;
        this.journaling = journaling;
        this.sessions = sessions;
        this.keyAdmission = keyAdmission;
    }

    CompletionStage<Adoption> adopt(ResumeStreamCommand command) {
        ResumeToken presented;
        try {
            presented = new ResumeToken(command.presentedToken());
        } catch (RuntimeException notAToken) { // null or too short: it matches no session
            return CompletableFuture.completedFuture(denied("the resume token does not match this session"));
        }
        KeyAdmission.Slot slot;
        switch (keyAdmission.admit(command.caller())) {
            case KeyAdmission.Decision.Refused refused -> {
                return CompletableFuture.completedFuture(new Adoption.Refused(refused.error()));
            }
            case KeyAdmission.Decision.Admitted admitted -> slot = admitted.slot();
        }
        long started = context.ticker().nanoTime();
        return journaling.port().adopt(command.sessionId(), journaling.gateway(), presented, command.caller().name(),
                journaling.retireTtl()).thenApply(outcome -> {
                    journaling.metrics().storeCommand("adopt", Duration.ofNanos(context.ticker().nanoTime() - started));
                    Adoption adoption = adopted(command, presented, slot, outcome);
                    if (adoption instanceof Adoption.Refused) {
                        slot.release();
                    }
                    return adoption;
                });
    }

    private Adoption adopted(ResumeStreamCommand command, ResumeToken presented, KeyAdmission.Slot slot,
                             AdoptOutcome outcome) {
        return switch (outcome) {
            case AdoptOutcome.Adopted adopted -> {
                Session session = Session.restore(command.sessionId(), presented, adopted.options(),
                        context.settings().outboxCapacity(), adopted.generation(), adopted.lastSeq(),
                        adopted.watermark(), adopted.finals());
                LiveSession live = new LiveSession(session, SessionLifetime.RESUMABLE, null, context,
                        sessions::forget, sessions::releaseSlot,
                        new SessionOrigin.Adopted(adopted.fence(), adopted.watermark()));
                sessions.add(live, slot);
                live.lane().execute(live::awaitResume);
                LOG.log(Level.INFO, "{0}: adopted from the journal for {1} (seq {2}, audio from sample {3})",
                        live, command.clientAddress(), adopted.lastSeq(), adopted.watermark());
                context.metrics().sessionOpened();
                yield new Adoption.Ready(live);
            }
            case AdoptOutcome.Denied denied -> denied("the resume token does not match this session");
            case AdoptOutcome.OtherKey otherKey -> denied("this session was opened with another key");
            case NotFound notFound -> new Adoption.Refused(ClientError.of(ErrorCode.SESSION_NOT_FOUND,
                    "no session " + command.sessionId() + " (unknown, or it has ended)"));
            case Unavailable unavailable -> {
                LOG.log(Level.WARNING, "session {0}: cannot adopt it, the store is unavailable ({1})",
                        command.sessionId(), unavailable.detail());
                yield new Adoption.Refused(ClientError.retryable(ErrorCode.PROVIDER_ERROR,
                        "the session store is unavailable; retry shortly", journaling.retryDelay()));
            }
        };
    }

    private static Adoption denied(String why) {
        return new Adoption.Refused(ClientError.of(ErrorCode.RESUME_DENIED, why));
    }
}
