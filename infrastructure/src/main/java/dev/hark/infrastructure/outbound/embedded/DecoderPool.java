package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of decoders. Decoders are created lazily (on the injected executor, never on
 * the caller's thread), reused across streams, and never more than {@code max} exist or are
 * being created at once. {@link #acquire()} never waits for a decoder to come back: when all
 * are leased it fails at once with {@code CAPACITY_EXHAUSTED} and a retry hint, so a burst of
 * clients gets a clear answer instead of a queue. The lock guards only in-memory bookkeeping;
 * native work (create, reset, free) happens outside it.
 */
final class DecoderPool implements DecoderLender, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecoderPool.class);
    private static final ClientError SHUTTING_DOWN = ClientError.of(ErrorCode.SERVER_SHUTTING_DOWN,
            "the embedded engine is shutting down");

    private final DecoderFactory factory;
    private final int max;
    private final Duration retryAfter;
    private final Executor executor;

    private final Object lock = new Object();
    private final Deque<SpeechDecoder> idle = new ArrayDeque<>();
    private final Set<SpeechDecoder> leased = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Warm-up creations nobody has claimed yet; an acquire may claim one instead of creating another. */
    private final Deque<CompletableFuture<SpeechDecoder>> warming = new ArrayDeque<>();
    private int slots;
    private boolean closed;

    DecoderPool(DecoderFactory factory, int max, Duration retryAfter, Executor executor) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.factory = factory;
        this.max = max;
        this.retryAfter = retryAfter;
        this.executor = executor;
    }

    /** Starts creating up to {@code count} idle decoders in the background (bounded by {@code max}). */
    void warmUp(int count) {
        for (int i = 0; i < count; i++) {
            CompletableFuture<SpeechDecoder> creation = new CompletableFuture<>();
            synchronized (lock) {
                if (closed || slots >= max) {
                    return;
                }
                slots++;
                warming.addLast(creation);
            }
            createInto(creation);
        }
    }

    /**
     * A decoder for one stream, which must later {@link #release} or {@link #discard} it exactly
     * once. Completes on the pool's executor when a decoder has to be created. Callers must not
     * complete or cancel the returned future.
     */
    @Override
    public CompletableFuture<SpeechDecoder> acquire() {
        CompletableFuture<SpeechDecoder> claimed;
        CompletableFuture<SpeechDecoder> creation = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(shuttingDown());
            }
            SpeechDecoder reused = idle.pollFirst();
            if (reused != null) {
                leased.add(reused);
                return CompletableFuture.completedFuture(reused);
            }
            claimed = warming.pollFirst();
            if (claimed == null && slots >= max) {
                return CompletableFuture.failedFuture(capacityExhausted());
            }
            if (claimed == null) {
                slots++;
            }
        }
        if (claimed != null) {
            return claimed;
        }
        createInto(creation);
        return creation;
    }

    /**
     * Takes a decoder back for reuse, ending any open utterance first; a decoder that fails to
     * reset is discarded.
     */
    @Override
    public void release(SpeechDecoder decoder) {
        try {
            if (decoder.utteranceOpen()) {
                decoder.endUtterance();
            }
        } catch (RuntimeException e) {
            LOG.warn("embedded decoder failed to reset; discarding it", e);
            discard(decoder);
            return;
        }
        boolean free;
        synchronized (lock) {
            if (!leased.remove(decoder)) {
                LOG.error("released a decoder this pool did not lease; ignored");
                return;
            }
            free = closed;
            if (closed) {
                slots--;
            } else {
                idle.addFirst(decoder);
            }
        }
        if (free) {
            decoder.close();
        }
    }

    /** Frees a decoder that must not be reused (it failed) and frees its slot. */
    @Override
    public void discard(SpeechDecoder decoder) {
        synchronized (lock) {
            if (!leased.remove(decoder)) {
                LOG.error("discarded a decoder this pool did not lease; ignored");
                return;
            }
            slots--;
        }
        closeQuietly(decoder);
    }

    /** Frees idle decoders now and leased ones when they come back. Idempotent. */
    @Override
    public void close() {
        List<SpeechDecoder> toFree;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toFree = new ArrayList<>(idle);
            idle.clear();
            slots -= toFree.size();
        }
        toFree.forEach(DecoderPool::closeQuietly);
        LOG.info("embedded decoder pool closed; freed {} idle decoders", toFree.size());
    }

    /** Why {@link #acquire()} would fail now, or empty when it would lend a decoder. Reserves nothing. */
    Optional<ClientError> refusal() {
        synchronized (lock) {
            if (closed) {
                return Optional.of(SHUTTING_DOWN);
            }
            boolean full = idle.isEmpty() && warming.isEmpty() && slots >= max;
            return full ? Optional.of(allBusy()) : Optional.empty();
        }
    }

    int maxDecoders() {
        return max;
    }

    /** Decoders alive or being created. */
    int liveDecoders() {
        synchronized (lock) {
            return slots;
        }
    }

    int idleDecoders() {
        synchronized (lock) {
            return idle.size();
        }
    }

    private void createInto(CompletableFuture<SpeechDecoder> creation) {
        try {
            executor.execute(() -> create(creation));
        } catch (RejectedExecutionException e) {
            creationFailed(creation, e);
        }
    }

    private void create(CompletableFuture<SpeechDecoder> creation) {
        SpeechDecoder decoder;
        long started = System.nanoTime();
        try {
            decoder = factory.create();
        } catch (RuntimeException | LinkageError e) {
            creationFailed(creation, e);
            return;
        }
        LOG.info("embedded decoder created in {} ms", (System.nanoTime() - started) / 1_000_000);
        boolean shutDown = false;
        synchronized (lock) {
            if (closed) {
                slots--;
                warming.remove(creation);
                shutDown = true;
            } else if (warming.remove(creation)) {
                idle.addFirst(decoder);
                return;
            } else {
                leased.add(decoder);
            }
        }
        if (shutDown) {
            closeQuietly(decoder);
            creation.completeExceptionally(shuttingDown());
        } else if (!creation.complete(decoder)) {
            release(decoder);
        }
    }

    private void creationFailed(CompletableFuture<SpeechDecoder> creation, Throwable cause) {
        synchronized (lock) {
            slots--;
            warming.remove(creation);
        }
        LOG.error("embedded decoder could not be created", cause);
        creation.completeExceptionally(new RecognizerException(
                ClientError.of(ErrorCode.PROVIDER_ERROR, "the embedded engine could not start a decoder"), cause));
    }

    private RecognizerException capacityExhausted() {
        return new RecognizerException(allBusy());
    }

    private ClientError allBusy() {
        return ClientError.retryable(ErrorCode.CAPACITY_EXHAUSTED, "all " + max + " embedded decoders are busy",
                retryAfter);
    }

    private static RecognizerException shuttingDown() {
        return new RecognizerException(SHUTTING_DOWN);
    }

    private static void closeQuietly(SpeechDecoder decoder) {
        try {
            decoder.close();
        } catch (RuntimeException e) {
            LOG.warn("embedded decoder failed to free", e);
        }
    }
}
