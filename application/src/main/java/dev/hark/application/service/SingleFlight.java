package dev.hark.application.service;

import dev.hark.application.port.outbound.SchedulerPort;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Creates one upstream resource (a recognizer stream) exactly once per (re)connect, however
 * many callers race for it: the Caffeine/Guava loading-cache pattern for a single slot.
 *
 * <p>Why: two frames that both see "no stream" must not open two upstream connections (H6); a
 * failed or hung connect must neither strand its waiters nor stay cached (H7, H8); a stream that
 * died before hand-out must not be handed out (H9).
 *
 * <p>How: the slot is an {@link AtomicReference} to a sealed {@code State}. The first caller
 * installs an {@code InFlight} by CAS and only then, outside any atomic section, calls
 * {@code connect}; everyone else joins that flight. Every transition out of an {@code InFlight}
 * is a CAS from that exact object, so whoever wins it (the connect outcome, the timeout, or
 * {@link #close()}) alone decides what the waiters get; a loser holding a value discards it.
 * No lock is ever held, so connect, discard and future completion never run under one.
 *
 * <p>Choices: {@code connectTimeout} bounds a waiter's whole wait, including the one transparent
 * retry made when a connected value is already unusable at completion. If the retry's value is
 * unusable too, the waiters fail with {@code closedError} (the upstream closed under them twice;
 * no usable value can be handed out) and the slot returns to idle, so the next acquire connects
 * anew. {@link #invalidate} does not discard: the caller that invalidates owns the value.
 */
public final class SingleFlight<T> {

    private static final Logger LOG = System.getLogger(SingleFlight.class.getName());

    /** @param maxWaiters 0 = unlimited */
    public record Settings(Duration connectTimeout, int maxWaiters) {
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
            }
            if (maxWaiters < 0) {
                throw new IllegalArgumentException("maxWaiters must be >= 0 (0 = unlimited): " + maxWaiters);
            }
        }
    }

    private sealed interface State<T> permits Idle, InFlight, Ready, Closed {}

    private record Idle<T>() implements State<T> {}

    /** One connect attempt of {@code flight}; a retry is a new object, so CAS tells attempts apart. */
    private record InFlight<T>(Flight<T> flight, int attempt) implements State<T> {}

    private record Ready<T>(T value) implements State<T> {}

    private record Closed<T>() implements State<T> {}

    private final String name;
    private final Supplier<CompletableFuture<T>> connect;
    private final Predicate<T> usable;
    private final Consumer<T> discard;
    private final SchedulerPort scheduler;
    private final Settings settings;
    private final Supplier<RuntimeException> timeoutError;
    private final Supplier<RuntimeException> waiterLimitError;
    private final Supplier<RuntimeException> closedError;
    private final AtomicReference<State<T>> state = new AtomicReference<>(new Idle<>());
    private final AtomicLong connectAttempts = new AtomicLong();

    public SingleFlight(String name, Supplier<CompletableFuture<T>> connect, Predicate<T> usable,
            Consumer<T> discard, SchedulerPort scheduler, Settings settings, Supplier<RuntimeException> timeoutError,
            Supplier<RuntimeException> waiterLimitError, Supplier<RuntimeException> closedError) {
        this.name = Objects.requireNonNull(name, "name");
        this.connect = Objects.requireNonNull(connect, "connect");
        this.usable = Objects.requireNonNull(usable, "usable");
        this.discard = Objects.requireNonNull(discard, "discard");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeoutError = Objects.requireNonNull(timeoutError, "timeoutError");
        this.waiterLimitError = Objects.requireNonNull(waiterLimitError, "waiterLimitError");
        this.closedError = Objects.requireNonNull(closedError, "closedError");
    }

    /** A usable value, or the outcome of the flight now in progress; each caller gets its own future. */
    public CompletableFuture<T> acquire() {
        while (true) {
            State<T> current = state.get();
            switch (current) {
                case Closed<T> closed -> {
                    return CompletableFuture.failedFuture(closedError.get());
                }
                case InFlight<T> inFlight -> {
                    return inFlight.flight().join(settings.maxWaiters(), waiterLimitError);
                }
                case Ready<T> ready -> {
                    if (usable.test(ready.value())) {
                        return CompletableFuture.completedFuture(ready.value());
                    }
                    if (state.compareAndSet(current, new Idle<>())) { // H9: never hand out a dead value
                        discardQuietly(ready.value());
                    }
                }
                case Idle<T> idle -> {
                    InFlight<T> leader = new InFlight<>(new Flight<>(), 1);
                    if (state.compareAndSet(current, leader)) { // H6: only the CAS winner connects
                        CompletableFuture<T> mine = leader.flight().join(0, waiterLimitError);
                        leader.flight().startTimer(scheduler, settings.connectTimeout(), () -> onTimeout(leader.flight()));
                        startConnect(leader);
                        return mine;
                    }
                }
            }
        }
    }

    /** Forgets the held value if it is {@code value} (identity) so the next acquire connects anew. */
    public boolean invalidate(T value) {
        State<T> current = state.get();
        return current instanceof Ready<T> ready && ready.value() == value
                && state.compareAndSet(current, new Idle<>());
    }

    /** Fails current waiters, discards a held value; later acquires fail. Idempotent. */
    public void close() {
        switch (state.getAndSet(new Closed<>())) {
            case InFlight<T> inFlight -> inFlight.flight().fail(closedError.get());
            case Ready<T> ready -> discardQuietly(ready.value());
            case Idle<T> idle -> { }
            case Closed<T> closed -> { }
        }
    }

    /** How many times {@code connect} was called, including failed and retried attempts. */
    public long connectAttempts() {
        return connectAttempts.get();
    }

    /** True while a flight is in progress or a usable value is held. */
    public boolean hasLiveOrInFlight() {
        return switch (state.get()) {
            case InFlight<T> inFlight -> true;
            case Ready<T> ready -> usable.test(ready.value());
            case Idle<T> idle -> false;
            case Closed<T> closed -> false;
        };
    }

    /** Callers still waiting on the flight in progress (cancelled callers excluded). */
    public int waiters() {
        return state.get() instanceof InFlight<T> inFlight ? inFlight.flight().waiters() : 0;
    }

    private void startConnect(InFlight<T> attempt) {
        connectAttempts.incrementAndGet();
        CompletableFuture<T> connecting;
        try {
            connecting = Objects.requireNonNull(connect.get(), "connect returned null");
        } catch (RuntimeException e) { // a synchronous throw is a failed attempt (H7)
            connecting = CompletableFuture.failedFuture(e);
        }
        connecting.whenComplete((value, failure) -> {
            try {
                onConnected(attempt, value, failure);
            } catch (RuntimeException | Error e) { // e.g. usable threw: still settle the waiters
                removeAndFail(attempt, e);
            }
        });
    }

    /** Runs once per attempt. Invariant: only the winner of the CAS from {@code attempt} settles its waiters. */
    private void onConnected(InFlight<T> attempt, T value, Throwable failure) {
        if (failure != null) {
            removeAndFail(attempt, unwrap(failure)); // H7: removed only if still this attempt
        } else if (usable.test(value)) {
            if (state.compareAndSet(attempt, new Ready<>(value))) {
                attempt.flight().succeed(value);
            } else {
                discardQuietly(value); // H8: timed out or closed meanwhile; nobody will get it
            }
        } else {
            discardQuietly(value);
            if (attempt.attempt() == 1) { // H9: dead at completion, retry once for the same waiters
                InFlight<T> retry = new InFlight<>(attempt.flight(), 2);
                if (state.compareAndSet(attempt, retry)) {
                    startConnect(retry);
                }
            } else {
                removeAndFail(attempt, closedError.get());
            }
        }
    }

    private void onTimeout(Flight<T> flight) {
        State<T> current;
        while ((current = state.get()) instanceof InFlight<T> inFlight && inFlight.flight() == flight) {
            if (state.compareAndSet(current, new Idle<>())) { // H8: a late value is discarded in onConnected
                LOG.log(Level.INFO, "{0}: connect timed out after {1}", name, settings.connectTimeout());
                flight.fail(timeoutError.get());
                return;
            }
        }
    }

    private void removeAndFail(InFlight<T> attempt, Throwable error) {
        if (state.compareAndSet(attempt, new Idle<>())) {
            attempt.flight().fail(error);
        }
    }

    private void discardQuietly(T value) {
        try {
            discard.accept(value);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": discarding a value failed", e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
