package dev.hark.application.cluster;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.port.outbound.store.AudioEntry;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.PublishOutcome;
import dev.hark.application.port.outbound.store.SessionEnded;
import dev.hark.application.port.outbound.store.StaleOwner;
import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.TakeOverOutcome.TookOver;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.application.port.outbound.store.WorkerFence;
import dev.hark.application.port.outbound.store.WorkerSessionStorePort;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One session a worker owns under its {@link WorkerFence}: the audio stream in Redis read from
 * the replay point ({@code max(watermark, released)}) into a fresh local recognizer stream, whose
 * clock starts at that point ({@code base}), and that stream's results published back, shifted
 * onto the session's clock, one at a time in order. The store numbers the finals and moves the
 * watermark with each; this class numbers nothing, so a replacement worker continues at
 * {@code lastSeq + 1} by construction (H32).
 *
 * <p>Any write answered {@code StaleOwner} means another worker took the session over (this one
 * was paused or partitioned past its lease): the session is dropped at once and nothing more is
 * written (H31).
 */
final class WorkerSession {

    private static final Logger LOG = System.getLogger(WorkerSession.class.getName());
    private static final int MAX_FRAME_BYTES = 64 * 1024;

    private final SessionId id;
    private final WorkerFence fence;
    private final long base;
    private final TookOver took;
    private final WorkerSessionStorePort store;
    private final SpeechRecognizerPort recognizer;
    private final SchedulerPort scheduler;
    private final TickerPort ticker;
    private final ClusterMetricsPort metrics;
    private final ClusterSettings settings;
    private final Consumer<WorkerSession> onGone;

    /** Guarded by {@code this}. */
    private CompletableFuture<Void> publishTail = CompletableFuture.completedFuture(null);
    private RecognizerStream stream;
    private StreamSubscription audio;
    private volatile boolean gone;

    WorkerSession(SessionId id, TookOver took, WorkerSessionStorePort store, SpeechRecognizerPort recognizer,
                  SchedulerPort scheduler, TickerPort ticker, ClusterMetricsPort metrics, ClusterSettings settings,
                  Consumer<WorkerSession> onGone) {
        this.id = id;
        this.took = took;
        this.fence = took.fence();
        this.base = took.replayFrom();
        this.store = store;
        this.recognizer = recognizer;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.metrics = metrics;
        this.settings = settings;
        this.onGone = onGone;
    }

    SessionId id() {
        return id;
    }

    /** Opens the local recognizer stream, then follows the session's audio from the replay point. */
    void start() {
        StreamOptions options = new StreamOptions(took.format(), true, "", Math.max(MAX_FRAME_BYTES,
                took.format().bytesPerFrame()));
        recognizer.openStream(new RecognizerStreamRequest(id, options), new Results())
                .whenComplete((opened, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, "session {0}: recognizer refused the stream; releasing it", id);
                        release();
                        return;
                    }
                    synchronized (this) {
                        if (gone) {
                            opened.abort();
                            return;
                        }
                        stream = opened;
                        audio = store.followAudio(id, base, new Audio());
                    }
                });
    }

    /** Stops at once without writing anything: the lease was lost or the store fenced us off. */
    void drop(String why) {
        synchronized (this) {
            if (gone) {
                return;
            }
            gone = true;
            if (audio != null) {
                audio.close();
            }
            if (stream != null) {
                stream.abort();
            }
        }
        LOG.log(Level.INFO, "session {0}: dropped ({1})", id, why);
        onGone.accept(this);
    }

    /** Gives the session back so another worker takes it without waiting for this one's lease (drain). */
    void release() {
        drop("released");
        releaseUntil(ticker.nanoTime() + settings.storeOutageBound().toNanos());
    }

    private void releaseUntil(long deadline) {
        store.release(id, fence).whenComplete((outcome, failure) -> {
            if (outcome instanceof Unavailable && ticker.nanoTime() - deadline < 0) {
                scheduler.schedule(settings.storeRetryDelay(), () -> releaseUntil(deadline));
            }
        });
    }

    /** Audio from the store, in order, onto the local stream's clock. */
    private final class Audio implements StoreStreamListener<AudioEntry> {
        @Override
        public void onEntries(List<AudioEntry> entries) {
            synchronized (WorkerSession.this) {
                if (gone || stream == null) {
                    return;
                }
                for (AudioEntry entry : entries) {
                    switch (entry) {
                        case AudioEntry.ChunkEntry chunk -> stream.sendAudio(chunk.chunk().rebasedBy(base));
                        case AudioEntry.MarkEntry mark -> {
                            switch (mark.mark()) {
                                case FINALIZE -> stream.finalizeUtterance();
                                case CLOSE -> stream.closeGracefully();
                            }
                        }
                    }
                }
            }
        }

        @Override
        public void onUnavailable(Unavailable unavailable) {
            LOG.log(Level.DEBUG, "session {0}: audio follow unavailable ({1}); the reader retries", id, unavailable.cause());
        }
    }

    /** The local stream's results, shifted onto the session's clock and published in order. */
    private final class Results implements RecognitionListener {
        @Override
        public void onHypothesis(Hypothesis hypothesis) {
            Hypothesis onSessionClock = hypothesis.shiftedBy(base);
            chain(() -> publish(onSessionClock));
        }

        @Override
        public void onProgress(long processedSamples) {
            // the gateway hears progress through the finals; nothing to write
        }

        @Override
        public void onSpeechEvent(dev.hark.domain.transcript.SpeechEvent event) {
            // not carried through the store yet
        }

        @Override
        public void onClosed() {
            chain(() -> finish(ticker.nanoTime() + settings.storeOutageBound().toNanos()));
        }

        @Override
        public void onFailed(RecognizerException failure) {
            LOG.log(Level.WARNING, "session {0}: local recognizer failed ({1}); releasing it to another worker",
                    id, failure.getMessage());
            chain(() -> {
                release();
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    private void chain(Supplier<CompletionStage<?>> next) {
        synchronized (this) {
            if (gone) {
                return;
            }
            publishTail = publishTail.thenCompose(ignored -> gone ? CompletableFuture.completedFuture(null)
                    : next.get().thenApply(anything -> (Void) null));
        }
    }

    /**
     * The end entry is what tells the gateway its stream closed; a finish the store did not answer
     * is retried like a publish, or the client would wait for a close that never comes.
     */
    private CompletionStage<Void> finish(long deadline) {
        return store.finish(id, fence, settings.sessionGrace(), "closed").thenCompose(outcome -> {
            if (outcome instanceof Unavailable && ticker.nanoTime() - deadline < 0) {
                return later(() -> finish(deadline));
            }
            drop(outcome instanceof Unavailable ? "store unavailable past " + settings.storeOutageBound() : "finished");
            return done();
        });
    }

    private CompletionStage<Void> publish(Hypothesis hypothesis) {
        return publish(hypothesis, ticker.nanoTime() + settings.storeOutageBound().toNanos());
    }

    private CompletionStage<Void> publish(Hypothesis hypothesis, long deadline) {
        long started = ticker.nanoTime();
        CompletionStage<PublishOutcome> call = hypothesis.isFinal()
                ? store.publishFinal(id, fence, hypothesis) : store.publishInterim(id, fence, hypothesis);
        return call.thenCompose(outcome -> {
            metrics.storeCommand(hypothesis.isFinal() ? "publish_final" : "publish_interim",
                    Duration.ofNanos(ticker.nanoTime() - started));
            return switch (outcome) {
                case PublishOutcome.Published published -> done();
                case PublishOutcome.AlreadyCovered covered -> done(); // a replayed stretch already published
                case PublishOutcome.OverlapsWatermark overlap -> {
                    LOG.log(Level.WARNING, "session {0}: a final overlapping the watermark {1} was refused",
                            id, overlap.watermark());
                    yield done();
                }
                case StaleOwner stale -> {
                    metrics.fencedWriteRefused("worker");
                    drop("fenced: another worker owns it now");
                    yield done();
                }
                case SessionEnded ended -> {
                    drop("session ended");
                    yield done();
                }
                case NotFound missing -> {
                    drop("session not found");
                    yield done();
                }
                case Unavailable unavailable -> {
                    if (ticker.nanoTime() - deadline > 0) {
                        drop("store unavailable past " + settings.storeOutageBound());
                        yield done();
                    }
                    yield later(() -> publish(hypothesis, deadline));
                }
            };
        });
    }

    private CompletionStage<Void> later(Supplier<CompletionStage<Void>> retry) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        scheduler.schedule(settings.storeRetryDelay(), () -> retry.get().whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(null);
            }
        }));
        return result;
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
