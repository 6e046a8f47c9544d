package dev.hark.application.service;

import dev.hark.application.port.outbound.store.JournalFence;
import dev.hark.application.port.outbound.store.JournalOutcome;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.ResumeTokens;
import dev.hark.domain.session.Session;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Gateway role (H33): the client side of a session written ahead into the store's journal. It
 * is opened before the session's first recognizer stream ({@link #beforeStart}); it
 * sits on the seam ({@link RecognitionOutput}) in front of the client delivery: every final is
 * journaled before the client sees it, and whatever follows a final (interims, events, the
 * end) waits behind it, so the client hears everything in order and never a final another
 * gateway could not replay. The tokens a resume hands out are journaled before the client hears
 * them ({@link #beforeTelling}). One write at a time, in order; a write the store does not answer
 * is retried until {@code outageBound} (then the session ends with a retryable error, H35); a
 * {@link JournalOutcome.Fenced fenced} answer means another gateway adopted the session: it ends
 * here at once, told {@code SESSION_TAKEN_OVER}, and nothing more is written or delivered.
 * Lane-confined.
 */
final class WriteAheadJournal implements RecognitionOutput, ClientJournal {

    private static final Logger LOG = System.getLogger(WriteAheadJournal.class.getName());

    /** A write (or none) and what reaches the client once it is journaled. */
    private record Step(String operation, Supplier<CompletionStage<JournalOutcome>> write, Runnable deliver) {
    }

    private final Session session;
    private final ClientJournaling journaling;
    private final SessionContext context;
    private final SessionLane lane;
    private final RecognitionOutput delivery;
    private final Consumer<ClientError> fail;
    private final SessionOrigin origin;
    private final JournalFence fence;
    private final ArrayDeque<Step> steps = new ArrayDeque<>();
    private ResumeTokens journaledTokens;
    private boolean writing;
    /** Fenced, given up, or ended: nothing more is written or delivered. */
    private boolean stopped;
    /** Ticker reading of the first failed attempt of the write at the head; meaningful while it fails. */
    private long failingSince;
    private boolean failing;

    WriteAheadJournal(Session session, ClientJournaling journaling, SessionContext context, SessionLane lane,
                      SessionOrigin origin, RecognitionOutput delivery, Consumer<ClientError> fail) {
        this.session = session;
        this.journaling = journaling;
        this.context = context;
        this.lane = lane;
        this.origin = origin;
        this.delivery = delivery;
        this.fail = fail;
        this.fence = switch (origin) {
            case SessionOrigin.Opened opened -> JournalFence.opener(journaling.gateway());
            case SessionOrigin.Adopted adopted -> adopted.fence();
        };
        this.journaledTokens = session.resumeTokens();
    }

    // ---- the seam -----------------------------------------------------------------------------

    @Override
    public void started() {
        enqueue(null, null, delivery::started);
    }

    @Override
    public void transcript(Transcript transcript) {
        if (transcript.isFinal()) {
            enqueue("journal_final", () -> journaling.port().recordFinal(session.id(), fence, transcript),
                    () -> delivery.transcript(transcript));
        } else {
            enqueue(null, null, () -> delivery.transcript(transcript));
        }
    }

    @Override
    public void speechEvent(SpeechEvent event) {
        enqueue(null, null, () -> delivery.speechEvent(event));
    }

    @Override
    public void notice(ClientError warning) {
        enqueue(null, null, () -> delivery.notice(warning));
    }

    @Override
    public void finished() {
        enqueue(null, null, delivery::finished);
    }

    @Override
    public void failed(ClientError error) {
        enqueue(null, null, () -> delivery.failed(error));
    }

    // ---- the client side's news -----------------------------------------------------------------

    @Override
    public void beforeStart(Runnable start) {
        if (origin instanceof SessionOrigin.Opened opened) {
            enqueue("journal_open", () -> journaling.port().open(session.id(), journaling.gateway(), opened.keyName(),
                    session.options(), session.generation(), session.resumeToken(),
                    context.settings().outboxCapacity()), start);
        } else {
            start.run();
        }
    }

    @Override
    public void beforeTelling(Runnable tell) {
        enqueue("journal_tokens", tokensWrite(), tell);
    }

    @Override
    public void clientMessageAdmitted() {
        if (session.resumeTokens() != journaledTokens) {
            enqueue("journal_tokens", tokensWrite(), () -> { });
        }
    }

    @Override
    public void ended() {
        if (stopped) {
            return;
        }
        stopped = true;
        steps.clear();
        journaling.port().end(session.id(), fence); // pipelined behind any write in flight; an answer changes nothing
    }

    // ---- the queue ------------------------------------------------------------------------------

    /** Captures the tokens and generation now: what the client is about to learn. */
    private Supplier<CompletionStage<JournalOutcome>> tokensWrite() {
        ResumeTokens tokens = session.resumeTokens();
        journaledTokens = tokens;
        var generation = session.generation();
        return () -> journaling.port().recordTokens(session.id(), fence, generation, tokens);
    }

    private void enqueue(String operation, Supplier<CompletionStage<JournalOutcome>> write, Runnable deliver) {
        if (stopped) {
            return;
        }
        steps.addLast(new Step(operation, write, deliver));
        pump();
    }

    private void pump() {
        while (!writing && !stopped && !steps.isEmpty()) {
            Step head = steps.peekFirst();
            if (head.write() == null) {
                steps.pollFirst();
                head.deliver().run();
            } else {
                writing = true;
                send(head);
            }
        }
    }

    private void send(Step step) {
        long sentAt = context.ticker().nanoTime();
        step.write().get().whenComplete((outcome, failure) -> lane.handOver("journal answer",
                () -> answered(step, outcome == null ? new Unavailable(Unavailable.Cause.REFUSED, String.valueOf(failure))
                        : outcome, sentAt)));
    }

    private void answered(Step step, JournalOutcome outcome, long sentAt) {
        if (stopped) {
            return;
        }
        long now = context.ticker().nanoTime();
        journaling.metrics().storeCommand(step.operation(), Duration.ofNanos(now - sentAt));
        switch (outcome) {
            case JournalOutcome.Journaled journaled -> {
                failing = false;
                writing = false;
                steps.pollFirst();
                step.deliver().run();
                pump();
            }
            case JournalOutcome.Fenced fenced -> takenOver("fenced at epoch " + fenced.currentEpoch());
            case NotFound notFound -> takenOver("its journal is gone");
            case Unavailable unavailable -> retryOrGiveUp(step, unavailable, now);
        }
    }

    private void retryOrGiveUp(Step step, Unavailable unavailable, long now) {
        if (!failing) {
            failing = true;
            failingSince = now;
        }
        if (now - failingSince < journaling.outageBound().toNanos()) {
            lane.schedule(journaling.retryDelay(), "journal retry", () -> {
                if (!stopped) {
                    send(step);
                }
            });
            return;
        }
        LOG.log(Level.WARNING, "{0}: the store did not take its journal for {1} s ({2}); ending it",
                lane, journaling.outageBound().toSeconds(), unavailable.detail());
        stopped = true;
        steps.clear();
        fail.accept(ClientError.retryable(ErrorCode.PROVIDER_ERROR, "the session store is unavailable",
                journaling.retryDelay()));
    }

    /** Another gateway holds the session now: nothing more from here, and the store is left alone. */
    private void takenOver(String why) {
        LOG.log(Level.INFO, "{0}: another gateway adopted it ({1}); dropping it here", lane, why);
        journaling.metrics().fencedWriteRefused("gateway");
        stopped = true;
        steps.clear();
        fail.accept(ClientError.of(ErrorCode.SESSION_TAKEN_OVER, "the session was resumed through another gateway"));
    }
}
