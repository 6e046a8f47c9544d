package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The recognizer link on its own (H6-H9, the scenarios SingleFlight was tested with): one
 * in-flight connect that every caller joins, the timeout over the whole wait, the late-result
 * discard, and the one retry of a stream that is dead on arrival. Callers come through the
 * lane, as in the product; {@link FirstAudioRaceTest} races the wired path.
 */
class RecognizerLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = SessionSettings.DEFAULTS.providerConnectTimeout();

    private final ManualScheduler scheduler = new ManualScheduler();
    private final QueueingExecutor lanes = new QueueingExecutor();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ScriptedRecognizer scripted = new ScriptedRecognizer();
    /** Stands in for the scripted recognizer when a test needs a connect that throws. */
    private Supplier<RuntimeException> connectThrows = () -> null;
    private final SpeechRecognizerPort recognizer = new SpeechRecognizerPort() {
        @Override
        public Optional<ClientError> refusalFor(AudioFormat format) {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request,
                                                              RecognitionListener listener) {
            RuntimeException failure = connectThrows.get();
            if (failure != null) {
                throw failure;
            }
            return scripted.openStream(request, listener);
        }
    };
    private final RecordingOwner owner = new RecordingOwner();
    private SessionLane lane = newLane(lanes);
    private RecognizerLink link = newLink();

    /** What the link told the session. */
    private static final class RecordingOwner implements LinkOwner {
        final List<Boolean> opened = new CopyOnWriteArrayList<>();
        final List<ClientError> failed = new CopyOnWriteArrayList<>();
        int reconnectsDue;

        @Override
        public RecognitionListener listenerFor(long epoch) {
            return null;
        }

        @Override
        public void streamOpened(boolean first) {
            opened.add(first);
        }

        @Override
        public void streamLost() {
        }

        @Override
        public void reconnectDue() {
            reconnectsDue++;
        }

        @Override
        public void linkFailed(ClientError error) {
            failed.add(error);
        }
    }

    private SessionLane newLane(java.util.concurrent.Executor executor) {
        return new SessionLane(executor, scheduler, metrics, "test link", failure -> {
            throw new AssertionError(failure);
        });
    }

    private RecognizerLink newLink() {
        SessionContext context = new SessionContext(recognizer, new SequentialSecrets(), lanes, scheduler, scheduler,
                metrics, SessionSettings.DEFAULTS);
        RecognizerLink created = new RecognizerLink(context, new RecognizerStreamRequest(new SessionId("session-link-1"),
                new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 65_536)), lane, owner);
        created.watch(new LinkLiveness.Activity() {
            @Override
            public boolean stalled(long nowNanos, Duration timeout) {
                return false;
            }

            @Override
            public boolean idleFor(long nowNanos, Duration interval) {
                return false;
            }

            @Override
            public void keptAlive(long nowNanos) {
            }
        });
        return created;
    }

    /** {@code callers} opens, each on the lane, as the session makes them. */
    private List<CompletableFuture<RecognizerStream>> open(int callers) {
        List<CompletableFuture<RecognizerStream>> joined = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            lane.execute(() -> joined.add(link.open()));
        }
        lanes.runAll();
        return joined;
    }

    private void onLane(Runnable task) {
        lane.execute(task);
        lanes.runAll();
    }

    private static void assertFailsWith(CompletableFuture<?> future, ErrorCode code) {
        assertThat(future).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(RecognizerException.class,
                        e -> assertThat(e.clientError().code()).isEqualTo(code));
    }

    @AfterEach
    void leavesNoTimerBehind() {
        onLane(link::end);
        assertThat(scheduler.pendingTasks()).as("leaked scheduled tasks").isZero();
    }

    @RepeatedTest(3)
    void connectsOnce_whenThousandCallersRaceThroughTheLane_H6() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            lane = newLane(pool);
            link = newLink();
            int callers = 1000;
            CyclicBarrier start = new CyclicBarrier(callers);
            CountDownLatch joinedAll = new CountDownLatch(callers);
            List<CompletableFuture<RecognizerStream>> joined = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                threads.add(Thread.ofPlatform().stackSize(256 * 1024).start(() -> {
                    try {
                        start.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                        lane.execute(() -> {
                            joined.add(link.open());
                            joinedAll.countDown();
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                assertThat(thread.join(WAIT)).isTrue();
            }
            assertThat(joinedAll.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(scripted.calls()).as("connects while the first one is in flight").hasSize(1);
            ScriptedStream stream = scripted.lastCall().succeed();
            for (CompletableFuture<RecognizerStream> one : joined) {
                assertThat(one).succeedsWithin(WAIT).isSameAs(stream);
            }
            assertThat(metrics.count("provider.connects")).isEqualTo(1);
            CountDownLatch ended = new CountDownLatch(1);
            lane.execute(() -> {
                link.end();
                ended.countDown();
            });
            assertThat(ended.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(stream.aborts()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            lane = newLane(lanes);
            link = newLink();
        }
    }

    @Test
    void failsEveryJoinerWithTheSameError_andConnectsAnewOnTheNextOpen_H7() {
        List<CompletableFuture<RecognizerStream>> joined = open(50);
        RecognizerException refused = new RecognizerException(ClientError.of(ErrorCode.PROVIDER_REJECTED, "no"));

        scripted.lastCall().future().completeExceptionally(refused);
        lanes.runAll();

        joined.forEach(one -> assertThat(one).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .withCause(refused));
        assertThat(owner.failed).extracting(ClientError::code).containsExactly(ErrorCode.PROVIDER_REJECTED);
        assertThat(link.state()).isInstanceOf(LinkState.Released.class);
        CompletableFuture<RecognizerStream> next = open(1).get(0);
        assertThat(scripted.calls()).hasSize(2);
        ScriptedStream stream = scripted.lastCall().succeed();
        lanes.runAll();
        assertThat(next).succeedsWithin(WAIT).isSameAs(stream);
    }

    @Test
    void countsAFailedAttempt_whenConnectThrows_H7() {
        IllegalStateException boom = new IllegalStateException("no credentials");
        connectThrows = () -> boom;

        CompletableFuture<RecognizerStream> first = open(1).get(0);

        assertThat(first).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).withCause(boom);
        assertThat(metrics.count("provider.connects")).isEqualTo(1);
        assertThat(owner.failed).extracting(ClientError::code).containsExactly(ErrorCode.PROVIDER_ERROR);
        connectThrows = () -> null;
        CompletableFuture<RecognizerStream> next = open(1).get(0);
        scripted.lastCall().succeed();
        lanes.runAll();
        assertThat(next).succeedsWithin(WAIT);
        assertThat(metrics.count("provider.connects")).isEqualTo(2);
    }

    @Test
    void lateFailureOfATimedOutAttempt_doesNotDisturbTheNewOne_H7() {
        open(1);
        scheduler.advance(TIMEOUT);
        lanes.runAll();
        CompletableFuture<RecognizerStream> second = open(1).get(0);

        scripted.calls().get(0).future().completeExceptionally(new IllegalStateException("late failure"));
        lanes.runAll();

        assertThat(second).isNotDone();
        assertThat(link.state()).isInstanceOf(LinkState.Connecting.class);
        ScriptedStream stream = scripted.calls().get(1).succeed();
        lanes.runAll();
        assertThat(second).succeedsWithin(WAIT).isSameAs(stream);
        assertThat(owner.failed).hasSize(1); // the timeout only
    }

    @Test
    void failsJoinersWithTimeout_andAbortsTheLateStream_whenConnectHangs_H8() {
        List<CompletableFuture<RecognizerStream>> joined = open(20);

        scheduler.advance(TIMEOUT.minusMillis(1));
        lanes.runAll();
        assertThat(joined).noneMatch(CompletableFuture::isDone);
        scheduler.advance(Duration.ofMillis(1));
        lanes.runAll();

        joined.forEach(one -> assertFailsWith(one, ErrorCode.PROVIDER_TIMEOUT));
        assertThat(owner.failed).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_TIMEOUT);
            assertThat(error.hasRetryHint()).isTrue();
        });
        assertThat(scheduler.pendingTasks()).isZero();
        ScriptedStream late = scripted.lastCall().succeed();
        lanes.runAll();
        assertThat(late.aborts()).isEqualTo(1);
        assertThat(owner.opened).isEmpty();
    }

    @Test
    void cancelsTheTimeout_whenConnectCompletesSynchronously_H8() {
        ScriptedStream stream = new ScriptedStream();
        connectThrows = () -> null;
        CompletableFuture<RecognizerStream> opened = new CompletableFuture<>();
        lane.execute(() -> link.open().whenComplete((value, failure) -> opened.complete(value)));
        scripted.calls(); // nothing yet: the lane has not run
        lanes.runAll();
        scripted.lastCall().future().complete(stream);
        lanes.runAll();

        assertThat(opened).succeedsWithin(WAIT).isSameAs(stream);
        assertThat(scheduler.pendingTasks()).as("only the liveness check remains").isEqualTo(1);
    }

    @Test
    void endingWhileConnecting_failsTheJoiners_cancelsTheTimeout_andAbortsTheLateStream_H8() {
        List<CompletableFuture<RecognizerStream>> joined = open(3);

        onLane(link::end);

        joined.forEach(one -> assertFailsWith(one, ErrorCode.SESSION_NOT_FOUND));
        assertThat(scheduler.pendingTasks()).isZero();
        ScriptedStream late = scripted.lastCall().succeed();
        lanes.runAll();
        assertThat(late.aborts()).isEqualTo(1);
        assertThat(open(1).get(0)).isCompletedExceptionally();
        assertThat(scripted.calls()).hasSize(1);
    }

    @Test
    void retriesOnceForTheSameJoiners_whenTheStreamIsDeadOnArrival_H9() {
        List<CompletableFuture<RecognizerStream>> joined = open(5);
        ScriptedStream dead = new ScriptedStream();
        dead.abort();

        scripted.lastCall().future().complete(dead);
        lanes.runAll();

        assertThat(scripted.calls()).hasSize(2);
        assertThat(joined).noneMatch(CompletableFuture::isDone);
        assertThat(dead.aborts()).isEqualTo(2); // the test's own abort, and the link's
        ScriptedStream fresh = scripted.lastCall().succeed();
        lanes.runAll();
        joined.forEach(one -> assertThat(one).succeedsWithin(WAIT).isSameAs(fresh));
        assertThat(owner.opened).containsExactly(true);
    }

    @Test
    void theTimeoutCoversTheRetry_whenTheRetryHangs_H8_H9() {
        List<CompletableFuture<RecognizerStream>> joined = open(3);
        ScriptedStream dead = new ScriptedStream();
        dead.abort();
        scheduler.advance(TIMEOUT.dividedBy(2));
        scripted.lastCall().future().complete(dead);
        lanes.runAll();
        assertThat(scripted.calls()).hasSize(2);

        scheduler.advance(TIMEOUT.dividedBy(2).minusMillis(1));
        lanes.runAll();
        assertThat(joined).noneMatch(CompletableFuture::isDone);
        scheduler.advance(Duration.ofMillis(1));
        lanes.runAll();

        joined.forEach(one -> assertFailsWith(one, ErrorCode.PROVIDER_TIMEOUT));
        ScriptedStream late = scripted.lastCall().succeed();
        lanes.runAll();
        assertThat(late.aborts()).isEqualTo(1);
    }

    @Test
    void failsTheJoiners_whenTheRetriedStreamIsDeadToo_H9() {
        List<CompletableFuture<RecognizerStream>> joined = open(3);
        ScriptedStream dead = new ScriptedStream();
        dead.abort();
        ScriptedStream deadAgain = new ScriptedStream();
        deadAgain.abort();

        scripted.lastCall().future().complete(dead);
        lanes.runAll();
        scripted.lastCall().future().complete(deadAgain);
        lanes.runAll();

        joined.forEach(one -> assertFailsWith(one, ErrorCode.PROVIDER_ERROR));
        assertThat(owner.failed).extracting(ClientError::code).containsExactly(ErrorCode.PROVIDER_ERROR);
        assertThat(scripted.calls()).hasSize(2);
    }

    @Test
    void cancellingOneJoiner_doesNotCancelTheOthers() {
        List<CompletableFuture<RecognizerStream>> joined = open(2);

        joined.get(0).cancel(true);
        ScriptedStream stream = scripted.lastCall().succeed();
        lanes.runAll();

        assertThat(joined.get(1)).succeedsWithin(WAIT).isSameAs(stream);
        assertThat(owner.opened).containsExactly(true);
    }

    @Test
    void aRetryableFailureBacksOff_thenAsksTheOwner_H23() {
        open(1);
        scripted.lastCall().succeed();
        lanes.runAll();

        onLane(() -> link.streamFailed(1, RecognizerException.retryable(
                ClientError.of(ErrorCode.PROVIDER_ERROR, "dropped"), null)));

        assertThat(link.state()).isInstanceOf(LinkState.BackingOff.class);
        scheduler.advance(RecoverySettings.DEFAULTS.maxBackoff());
        lanes.runAll();
        assertThat(owner.reconnectsDue).isEqualTo(1);
    }

    @Test
    void aCallOffTheLaneTripsTheConfinementAssertion() {
        assertThatThrownBy(() -> link.open()).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> link.end()).isInstanceOf(AssertionError.class);
    }
}
