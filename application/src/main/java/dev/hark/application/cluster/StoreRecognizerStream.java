package dev.hark.application.cluster;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.port.outbound.store.AppendOutcome;
import dev.hark.application.port.outbound.store.AudioClosed;
import dev.hark.application.port.outbound.store.AudioMark;
import dev.hark.application.port.outbound.store.GatewaySessionStorePort;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.StaleGeneration;
import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.TranscriptEntry;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A gateway's recognizer stream in cluster mode: the session's audio goes into the store's audio
 * stream (one fenced append per chunk, in order, each after the previous answered, so a retry
 * after a timeout is an idempotent duplicate, H34), and the finals a worker publishes into the
 * session's transcript stream come back to the listener in order. Its clock is the store
 * session's sample clock, which starts at 0 with this stream.
 *
 * <p>While it is open its {@link OwnerWatch} keeps a live worker on the session (H32). A store
 * that stays unavailable past {@code storeOutageBound} fails the stream as retryable, so the
 * session core opens a new one and replays its own ledger (H35): never a silent loss. A failed or
 * aborted stream winds its store session down (audio closed, keys expiring) so that neither the
 * keys nor a worker's slot outlive it.
 */
final class StoreRecognizerStream implements RecognizerStream {

    private static final Logger LOG = System.getLogger(StoreRecognizerStream.class.getName());

    private sealed interface Phase {
        record Open() implements Phase {
        }

        record Closing() implements Phase {
        }

        /** Nothing more reaches the listener. */
        record Ended() implements Phase {
        }
    }

    private final SessionId storeId;
    private final SessionId clientSession;
    private final Generation generation;
    private final GatewaySessionStorePort store;
    private final SchedulerPort scheduler;
    private final TickerPort ticker;
    private final ClusterMetricsPort metrics;
    private final ClusterSettings settings;
    private final RecognitionListener listener;
    private final OwnerWatch ownerWatch;
    private final WhileUnavailable cleanUp;

    /** Guarded by {@code this}. */
    private Phase phase = new Phase.Open();
    private CompletableFuture<Void> writeTail = CompletableFuture.completedFuture(null);
    private StreamSubscription transcripts;

    StoreRecognizerStream(SessionId storeId, SessionId clientSession, Generation generation,
                          GatewaySessionStorePort store, SchedulerPort scheduler, TickerPort ticker,
                          ClusterMetricsPort metrics, ClusterSettings settings, RecognitionListener listener) {
        this.storeId = storeId;
        this.clientSession = clientSession;
        this.generation = generation;
        this.store = store;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.metrics = metrics;
        this.settings = settings;
        this.listener = listener;
        this.ownerWatch = new OwnerWatch(storeId, clientSession, store, scheduler, ticker, settings);
        this.cleanUp = new WhileUnavailable(scheduler, ticker, settings.storeRetryDelay());
    }

    /** Starts reading the transcript stream and watching the owner; called once, after the worker was requested. */
    void start(StreamSubscriptionFactory follow) {
        synchronized (this) {
            transcripts = follow.follow(new Transcripts());
            ownerWatch.start();
        }
    }

    /** How the transcript subscription is made (the adapter's {@code followTranscripts} from the start). */
    @FunctionalInterface
    interface StreamSubscriptionFactory {
        StreamSubscription follow(StoreStreamListener<TranscriptEntry> listener);
    }

    @Override
    public void sendAudio(PcmChunk chunk) {
        write(() -> append(chunk, deadline()), false);
    }

    @Override
    public void finalizeUtterance() {
        write(() -> mark(AudioMark.FINALIZE, deadline()), false);
    }

    @Override
    public void closeGracefully() {
        synchronized (this) {
            if (!(phase instanceof Phase.Open)) {
                return;
            }
            phase = new Phase.Closing();
        }
        write(() -> mark(AudioMark.CLOSE, deadline()), true);
    }

    /** Stops delivering now; tells the worker to wind down and lets the keys expire after the grace period. */
    @Override
    public void abort() {
        boolean wasOpen;
        synchronized (this) {
            wasOpen = phase instanceof Phase.Open;
            if (phase instanceof Phase.Ended) {
                return;
            }
            phase = new Phase.Ended();
            stopFollowing();
            writeTail = writeTail.thenCompose(ignored -> windDown(wasOpen));
        }
    }

    /**
     * So the store session does not outlive this stream: its audio closed (a worker still on it
     * finishes it) unless a close is already there, then detached, so its keys expire after the
     * grace period. Best effort, each step retried while the store is away, for at most
     * {@code storeOutageBound}.
     */
    private CompletionStage<Void> windDown(boolean closeAudio) {
        long deadline = deadline();
        CompletionStage<?> closed = closeAudio
                ? cleanUp.retry(() -> store.markAudio(storeId, generation, AudioMark.CLOSE), deadline) : done();
        return closed.thenCompose(ignored -> cleanUp.retry(() -> store.detach(storeId, generation,
                settings.sessionGrace()), deadline)).handle((outcome, failure) -> null);
    }

    @Override
    public synchronized boolean isOpen() {
        return phase instanceof Phase.Open;
    }

    private long deadline() {
        return ticker.nanoTime() + settings.storeOutageBound().toNanos();
    }

    private void write(Supplier<CompletionStage<Void>> next, boolean evenWhenClosing) {
        synchronized (this) {
            boolean accepted = phase instanceof Phase.Open || (evenWhenClosing && phase instanceof Phase.Closing);
            if (!accepted) {
                return;
            }
            writeTail = writeTail.thenCompose(ignored -> ended() ? CompletableFuture.completedFuture(null) : next.get());
        }
    }

    private synchronized boolean ended() {
        return phase instanceof Phase.Ended;
    }

    private CompletionStage<Void> append(PcmChunk chunk, long deadline) {
        long started = ticker.nanoTime();
        return store.appendAudio(storeId, generation, chunk).thenCompose(outcome -> {
            metrics.storeCommand("append_audio", Duration.ofNanos(ticker.nanoTime() - started));
            return switch (outcome) {
                case AppendOutcome.Appended appended -> done();
                case AppendOutcome.DuplicateAudio duplicate -> done(); // a retry whose first run had landed
                case AppendOutcome.AudioGap gap -> fail("the store's audio ends at " + gap.audioEnd()
                        + " but this chunk starts at " + chunk.startSample());
                case AudioClosed closed -> fail("the store's audio was closed");
                case StaleGeneration stale -> {
                    metrics.fencedWriteRefused("gateway");
                    yield fail("another gateway attached this session");
                }
                case NotFound missing -> fail("the store lost the session");
                case Unavailable unavailable -> retryUntil(deadline, unavailable, () -> append(chunk, deadline));
            };
        });
    }

    private CompletionStage<Void> mark(AudioMark mark, long deadline) {
        return store.markAudio(storeId, generation, mark).thenCompose(outcome -> switch (outcome) {
            case dev.hark.application.port.outbound.store.Done ok -> done();
            case dev.hark.application.port.outbound.store.AlreadyDone already -> done();
            case AudioClosed closed -> done();
            case StaleGeneration stale -> {
                metrics.fencedWriteRefused("gateway");
                yield fail("another gateway attached this session");
            }
            case NotFound missing -> fail("the store lost the session");
            case Unavailable unavailable -> retryUntil(deadline, unavailable, () -> mark(mark, deadline));
        });
    }

    private CompletionStage<Void> retryUntil(long deadline, Unavailable unavailable, Supplier<CompletionStage<Void>> retry) {
        if (ticker.nanoTime() - deadline > 0) {
            return fail("the store was unavailable for " + settings.storeOutageBound().toSeconds() + " s ("
                    + unavailable.cause() + ")");
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        scheduler.schedule(settings.storeRetryDelay(), () -> retry.get().whenComplete((v, e) -> result.complete(null)));
        return result;
    }

    /** Fails the stream as retryable: the session core opens a new one and replays what is unacknowledged. */
    private CompletionStage<Void> fail(String why) {
        if (finish()) {
            windDown(true); // not behind the write tail: this may run inside it
            LOG.log(Level.WARNING, "session {0} (store {1}): cluster stream failed: {2}", clientSession, storeId, why);
            listener.onFailed(RecognizerException.retryable(ClientError.retryable(ErrorCode.PROVIDER_ERROR,
                    "the recognizer cluster is unavailable", settings.unavailableRetryAfter()), null));
        }
        return done();
    }

    /** Moves to Ended once; true for the caller that did. */
    private synchronized boolean finish() {
        if (phase instanceof Phase.Ended) {
            return false;
        }
        phase = new Phase.Ended();
        stopFollowing();
        return true;
    }

    private void stopFollowing() {
        if (transcripts != null) {
            transcripts.close();
        }
        ownerWatch.stop();
    }

    /** Entries of the transcript stream, in order, from one reader thread. */
    private final class Transcripts implements StoreStreamListener<TranscriptEntry> {
        @Override
        public void onEntries(List<TranscriptEntry> entries) {
            for (TranscriptEntry entry : entries) {
                if (ended()) {
                    return;
                }
                switch (entry) {
                    case TranscriptEntry.FinalEntry entryFinal -> {
                        listener.onHypothesis(entryFinal.transcript().hypothesis());
                        listener.onProgress(entryFinal.transcript().hypothesis().span().end());
                    }
                    case TranscriptEntry.InterimEntry interim -> {
                        // decoded audio too: after a take-over replays a long utterance, the core's
                        // backlog (H24) otherwise stays above its bound with no final to lower it,
                        // the paused client never sends the silence that ends the utterance, and
                        // the session stalls until the watchdog
                        listener.onHypothesis(interim.transcript().hypothesis());
                        listener.onProgress(interim.transcript().hypothesis().span().end());
                    }
                    case TranscriptEntry.EndEntry end -> {
                        boolean closing;
                        synchronized (StoreRecognizerStream.this) {
                            closing = phase instanceof Phase.Closing;
                        }
                        if (closing && finish()) {
                            listener.onClosed();
                        } else {
                            fail("the worker ended the session (" + end.reason() + ")");
                        }
                    }
                }
            }
        }

        @Override
        public void onUnavailable(Unavailable unavailable) {
            LOG.log(Level.DEBUG, "session {0}: transcript follow unavailable ({1}); the reader retries",
                    clientSession, unavailable.cause());
        }
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
