package dev.hark.application.service;

import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.KeyLimits;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.AttachRateLimit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-key limits on new sessions: how many one API key may have open at once, and how fast it
 * may open them (a token bucket). An admitted session holds a {@link Slot} until it ends; the
 * slot is what ties the session to its key (a resume by another key is refused). The
 * per-address attach limit ({@link AttachRateLimiter}) still applies first, as a floor that also
 * bounds keyless use. A refusal consumes nothing.
 */
final class KeyAdmission {

    /** A session's claim on its key's concurrency; {@link #release()} is idempotent. */
    static final class Slot {
        private final Caller caller;
        private final AtomicInteger counter;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Caller caller, AtomicInteger counter) {
            this.caller = caller;
            this.counter = counter;
        }

        Caller caller() {
            return caller;
        }

        void release() {
            if (released.compareAndSet(false, true) && counter != null) {
                counter.decrementAndGet();
            }
        }
    }

    /** Admitted with a slot, or refused with a typed, retryable error. */
    sealed interface Decision {
        record Admitted(Slot slot) implements Decision {
        }

        record Refused(ClientError error) implements Decision {
        }
    }

    private final TickerPort ticker;
    private final Duration concurrencyRetryAfter;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, AttachRateLimit> rates = new ConcurrentHashMap<>();

    KeyAdmission(TickerPort ticker, Duration concurrencyRetryAfter) {
        this.ticker = ticker;
        this.concurrencyRetryAfter = concurrencyRetryAfter;
    }

    Decision admit(Caller caller) {
        KeyLimits limits = caller.limits();
        AtomicInteger counter = null;
        if (limits.limitsConcurrency()) {
            counter = open.computeIfAbsent(caller.name(), name -> new AtomicInteger());
            if (!tryIncrement(counter, limits.maxConcurrentSessions())) {
                return new Decision.Refused(ClientError.retryable(ErrorCode.KEY_CONCURRENCY_LIMIT,
                        "this API key already has " + limits.maxConcurrentSessions()
                                + " sessions open, its limit; retry once one has ended", concurrencyRetryAfter));
            }
        }
        if (limits.limitsRate()) {
            Duration wait = takeRateToken(caller.name(), limits);
            if (!wait.isZero()) {
                if (counter != null) {
                    counter.decrementAndGet();
                }
                return new Decision.Refused(ClientError.retryable(ErrorCode.KEY_RATE_LIMIT,
                        "this API key opens sessions faster than its limit of " + limits.newSessionsPerSecond()
                                + " per second", wait));
            }
        }
        return new Decision.Admitted(new Slot(caller, counter));
    }

    /** Sessions open under {@code keyName} right now (for tests and metrics). */
    int openSessions(String keyName) {
        AtomicInteger counter = open.get(keyName);
        return counter == null ? 0 : counter.get();
    }

    private static boolean tryIncrement(AtomicInteger counter, int max) {
        while (true) {
            int current = counter.get();
            if (current >= max) {
                return false;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private Duration takeRateToken(String keyName, KeyLimits limits) {
        long now = ticker.nanoTime();
        AttachRateLimit bucket = rates.computeIfAbsent(keyName,
                name -> new AttachRateLimit(limits.sessionBurst(), limits.newSessionsPerSecond(), now));
        synchronized (bucket) {
            return bucket.tryAcquire(now);
        }
    }
}
