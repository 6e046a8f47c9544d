package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.testing.QueueingExecutor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecoderPoolTest {

    private static final Duration RETRY = Duration.ofMillis(2000);

    private final QueueingExecutor executor = new QueueingExecutor();
    private final List<FakeDecoder> created = new ArrayList<>();
    private final AtomicInteger creationFailuresLeft = new AtomicInteger();

    private final DecoderFactory factory = () -> {
        if (creationFailuresLeft.getAndDecrement() > 0) {
            throw new DecoderException("ps_init failed");
        }
        FakeDecoder decoder = new FakeDecoder(() -> true);
        synchronized (created) {
            created.add(decoder);
        }
        return decoder;
    };

    private DecoderPool pool(int max) {
        return new DecoderPool(factory, max, RETRY, executor);
    }

    @AfterEach
    void drain() {
        executor.runAll();
    }

    @Test
    void createsNothing_untilFirstAcquire() {
        DecoderPool pool = pool(2);

        assertThat(executor.pending()).isZero();
        CompletableFuture<SpeechDecoder> acquired = pool.acquire();

        assertThat(acquired).isNotDone();
        assertThat(created).isEmpty();
        executor.runAll();
        assertThat(acquired).isCompletedWithValue(created.getFirst());
        assertThat(pool.liveDecoders()).isEqualTo(1);
    }

    @Test
    void failsAtOnceWithCapacityExhausted_whenAllDecodersAreLeased() {
        DecoderPool pool = pool(1);
        pool.acquire();
        executor.runAll();

        CompletableFuture<SpeechDecoder> second = pool.acquire();

        assertThat(second).isCompletedExceptionally();
        assertThat(clientError(second)).isEqualTo(ClientError.retryable(ErrorCode.CAPACITY_EXHAUSTED,
                "all 1 embedded decoders are busy", RETRY));
        assertThat(executor.pending()).isZero();
        assertThat(created).hasSize(1);
    }

    @Test
    void predictsItsOwnRefusal_withoutLendingOrCreating() {
        DecoderPool pool = pool(1);
        assertThat(pool.refusal()).isEmpty();

        pool.acquire();
        assertThat(pool.refusal()).as("the only slot is being filled").contains(ClientError.retryable(
                ErrorCode.CAPACITY_EXHAUSTED, "all 1 embedded decoders are busy", RETRY));
        executor.runAll();
        assertThat(pool.refusal()).isPresent();
        assertThat(created).hasSize(1);

        pool.release(created.getFirst());
        assertThat(pool.refusal()).isEmpty();
        pool.close();
        assertThat(pool.refusal()).hasValueSatisfying(error ->
                assertThat(error.code()).isEqualTo(ErrorCode.SERVER_SHUTTING_DOWN));
    }

    @Test
    void predictsNoRefusal_whileAWarmDecoderIsUnclaimed() {
        DecoderPool pool = pool(1);
        pool.warmUp(1);

        assertThat(pool.refusal()).isEmpty();
    }

    @Test
    void countsDecodersBeingCreated_againstTheMaximum() {
        DecoderPool pool = pool(1);
        CompletableFuture<SpeechDecoder> first = pool.acquire();

        CompletableFuture<SpeechDecoder> second = pool.acquire();

        assertThat(first).isNotDone();
        assertThat(clientError(second).code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
    }

    @Test
    void reusesReleasedDecoder_withoutCreatingAnother() {
        DecoderPool pool = pool(1);
        SpeechDecoder first = acquireNow(pool);
        pool.release(first);

        CompletableFuture<SpeechDecoder> again = pool.acquire();

        assertThat(again).isCompletedWithValue(first);
        assertThat(executor.pending()).isZero();
        assertThat(created).hasSize(1);
    }

    @Test
    void endsOpenUtterance_whenDecoderComesBack() {
        DecoderPool pool = pool(1);
        FakeDecoder decoder = (FakeDecoder) acquireNow(pool);
        decoder.startUtterance();

        pool.release(decoder);

        assertThat(decoder.ends).isEqualTo(1);
        assertThat(decoder.utteranceOpen()).isFalse();
        assertThat(decoder.closes).isZero();
    }

    @Test
    void freesTheSlot_whenCreationFails() {
        DecoderPool pool = pool(1);
        creationFailuresLeft.set(1);

        CompletableFuture<SpeechDecoder> failed = pool.acquire();
        executor.runAll();

        assertThat(clientError(failed).code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(pool.liveDecoders()).isZero();
        assertThat(acquireNow(pool)).isSameAs(created.getFirst());
    }

    @Test
    void freesDecoderAndSlot_whenDiscarded() {
        DecoderPool pool = pool(1);
        FakeDecoder broken = (FakeDecoder) acquireNow(pool);

        pool.discard(broken);

        assertThat(broken.closes).isEqualTo(1);
        assertThat(pool.liveDecoders()).isZero();
        assertThat(acquireNow(pool)).isNotSameAs(broken);
    }

    @Test
    void ignoresSecondReturnOfTheSameDecoder() {
        DecoderPool pool = pool(2);
        SpeechDecoder decoder = acquireNow(pool);

        pool.release(decoder);
        pool.release(decoder);
        pool.discard(decoder);

        assertThat(pool.idleDecoders()).isEqualTo(1);
        assertThat(pool.liveDecoders()).isEqualTo(1);
    }

    @Test
    void warmsUpInTheBackground_andHandsOutWarmDecoders() {
        DecoderPool pool = pool(2);

        pool.warmUp(1);
        assertThat(created).isEmpty();
        executor.runAll();

        assertThat(pool.idleDecoders()).isEqualTo(1);
        assertThat(pool.acquire()).isCompletedWithValue(created.getFirst());
    }

    @Test
    void claimsADecoderStillWarmingUp_insteadOfRefusing() {
        DecoderPool pool = pool(1);
        pool.warmUp(1);

        CompletableFuture<SpeechDecoder> acquired = pool.acquire();
        executor.runAll();

        assertThat(acquired).isCompletedWithValue(created.getFirst());
        assertThat(pool.idleDecoders()).isZero();
        assertThat(created).hasSize(1);
    }

    @Test
    void neverWarmsMoreThanTheMaximum() {
        DecoderPool pool = pool(2);

        pool.warmUp(5);
        executor.runAll();

        assertThat(created).hasSize(2);
    }

    @Test
    void freesIdleDecodersOnClose_andLeasedOnesWhenTheyComeBack() {
        DecoderPool pool = pool(2);
        FakeDecoder leased = (FakeDecoder) acquireNow(pool);
        FakeDecoder idle = (FakeDecoder) acquireNow(pool);
        pool.release(idle);

        pool.close();
        assertThat(idle.closes).isEqualTo(1);
        assertThat(leased.closes).isZero();
        pool.release(leased);

        assertThat(leased.closes).isEqualTo(1);
        assertThat(pool.liveDecoders()).isZero();
        assertThat(clientError(pool.acquire()).code()).isEqualTo(ErrorCode.SERVER_SHUTTING_DOWN);
    }

    @Test
    void freesDecoderFinishedAfterClose() {
        DecoderPool pool = pool(1);
        CompletableFuture<SpeechDecoder> acquired = pool.acquire();

        pool.close();
        executor.runAll();

        assertThat(clientError(acquired).code()).isEqualTo(ErrorCode.SERVER_SHUTTING_DOWN);
        assertThat(created.getFirst().closes).isEqualTo(1);
        assertThat(pool.liveDecoders()).isZero();
    }

    @Test
    void neverExceedsMaximum_whenManyThreadsAcquireAtOnce() throws Exception {
        int max = 3;
        int callers = 64;
        ExecutorService creators = Executors.newFixedThreadPool(4);
        ExecutorService callerThreads = Executors.newFixedThreadPool(callers);
        try {
            DecoderPool pool = new DecoderPool(factory, max, RETRY, creators);
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<CompletableFuture<SpeechDecoder>>> outcomes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                outcomes.add(CompletableFuture.supplyAsync(() -> {
                    ready.countDown();
                    awaitQuietly(go);
                    return pool.acquire();
                }, callerThreads));
            }
            assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
            go.countDown();

            int granted = 0;
            int refused = 0;
            for (var outcome : outcomes) {
                CompletableFuture<SpeechDecoder> acquired = outcome.get(5, TimeUnit.SECONDS);
                try {
                    assertThat(acquired.get(5, TimeUnit.SECONDS)).isNotNull();
                    granted++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(((RecognizerException) e.getCause()).clientError().code())
                            .isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
                    refused++;
                }
            }
            assertThat(granted).isEqualTo(max);
            assertThat(refused).isEqualTo(callers - max);
            assertThat(created).hasSize(max);
            assertThat(pool.liveDecoders()).isEqualTo(max);
        } finally {
            callerThreads.shutdownNow();
            creators.shutdownNow();
        }
    }

    private SpeechDecoder acquireNow(DecoderPool pool) {
        CompletableFuture<SpeechDecoder> acquired = pool.acquire();
        executor.runAll();
        return acquired.join();
    }

    private static ClientError clientError(CompletableFuture<?> failed) {
        assertThat(failed).isCompletedExceptionally();
        Throwable cause = failed.handle((value, failure) -> failure).join();
        assertThat(cause).isInstanceOf(RecognizerException.class);
        return ((RecognizerException) cause).clientError();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("start signal never came");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
