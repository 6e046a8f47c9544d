package dev.hark.infrastructure.client;

import dev.hark.infrastructure.client.StreamConnection.Ending;
import dev.hark.infrastructure.client.StreamEvent.Attached;
import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionResumed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import dev.hark.infrastructure.client.StreamEvent.Transcript;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One server session as the client's caller sees it: {@link #started()} and {@link #closed()}
 * span every socket the session needs. When a socket drops, the session is resumed on a new
 * socket (see {@link HarkStreamClient} for the rules) and the audio sender carries on from where
 * the server's audio ends; the caller's futures never see the drop.
 *
 * <p>Each socket that attached is an {@link Attachment} whose {@code next} completes when a resume
 * replaces it. The sender follows that chain, so it never has to guess whether a failed send was
 * seen by the resume logic yet. Every wait here is bounded by a timer of {@link ClientSettings} or
 * by the {@link ResumePolicy}'s attempt limit, and each of those ends in {@link #closed()}.
 */
final class ResumingStream {

    /** Refusals after which trying again later can work. */
    private static final Set<String> RETRYABLE = Set.of("SESSION_BUSY", "RECONNECT_TOO_SOON");

    /** A socket the session is attached to, the sample its audio resumes from, and its successor. */
    private record Attachment(StreamConnection connection, long resendFromSample, CompletableFuture<Attachment> next) {
    }

    private final WebSocketClient webSockets;
    private final StreamTarget target;
    private final ClientSettings settings;
    private final ResumePolicy policy;
    private final StreamListener listener;
    private final Executor executor;
    private final ResumeState state = new ResumeState();
    private final CompletableFuture<SessionStarted> started = new CompletableFuture<>();
    private final CompletableFuture<SessionClosed> closed = new CompletableFuture<>();
    private final CompletableFuture<Attachment> first = new CompletableFuture<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile StreamConnection socket;

    ResumingStream(WebSocketClient webSockets, StreamTarget target, ClientSettings settings, ResumePolicy policy,
                   StreamListener listener, Executor executor) {
        this.webSockets = webSockets;
        this.target = target;
        this.settings = settings;
        this.policy = policy;
        this.listener = listener;
        this.executor = executor;
    }

    CompletableFuture<SessionStarted> started() {
        return started;
    }

    CompletableFuture<SessionClosed> closed() {
        return closed;
    }

    boolean isFinished() {
        return closed.isDone();
    }

    /** Opens the first socket. */
    void open() {
        StreamConnection connection = connect(target.uri(), false,
                "waiting for session.started from " + target.endpoint());
        connection.attached().whenComplete((attached, failure) -> {
            if (failure == null) {
                attach(connection, attached, first);
            } else {
                fail(failureOf(connection.ending().join()));
            }
        });
    }

    /** Sends all of {@code audio} (once per stream), then {@code close_stream}; resends after each resume. */
    CompletableFuture<SessionClosed> send(WavAudio audio, FramePacer pacer) {
        if (!sending.compareAndSet(false, true)) {
            throw new IllegalStateException("this stream is already sending audio");
        }
        executor.execute(() -> sendAll(audio, pacer));
        return closed;
    }

    /** Ends the stream with {@code failure} (first outcome wins) and drops the current socket. */
    void fail(HarkStreamException failure) {
        started.completeExceptionally(failure);
        closed.completeExceptionally(failure);
        StreamConnection current = socket;
        if (current != null) {
            current.end(new Ending.Failed(failure));
        }
    }

    private StreamConnection connect(URI uri, boolean resuming, String waitingFor) {
        StreamConnection connection = new StreamConnection(target.endpoint(), this::deliver, resuming);
        socket = connection;
        try {
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
            if (target.hasCredential()) {
                upgrade.setHeader("Authorization", "Bearer " + target.credential());
            }
            webSockets.connect(connection, uri, upgrade).whenComplete((session, failure) -> {
                if (failure != null) {
                    connection.end(new Ending.Dropped(StreamConnection.connectFailure(target.endpoint(), failure)));
                }
            });
        } catch (IOException | RuntimeException e) {
            connection.end(new Ending.Dropped(StreamConnection.connectFailure(target.endpoint(), e)));
            return connection;
        }
        connection.failUnlessAttachedWithin(settings.startTimeout(), waitingFor);
        if (closed.isDone()) {
            connection.end(new Ending.Failed(new HarkStreamException("closed", "client closed")));
        }
        return connection;
    }

    /** Every socket's events pass here: replays are dropped, the resume state kept current. */
    private void deliver(StreamEvent event) {
        if (event instanceof Transcript transcript && !state.admit(transcript)) {
            return;
        }
        if (event instanceof Attached attached) {
            state.attached(attached);
        }
        listener.onEvent(event);
    }

    private void attach(StreamConnection connection, Attached attached, CompletableFuture<Attachment> slot) {
        long from = attached instanceof SessionResumed resumed ? resumed.samplesAt(target.sampleRate()) : 0;
        Attachment attachment = new Attachment(connection, from, new CompletableFuture<>());
        if (attached instanceof SessionStarted start) {
            started.complete(start);
        }
        connection.ending().thenAccept(how -> ended(attachment, how));
        slot.complete(attachment);
    }

    private void ended(Attachment attachment, Ending how) {
        switch (how) {
            case Ending.Closed done -> closed.complete(done.message());
            case Ending.Dropped dropped -> {
                if (closed.isDone() || policy.maxAttempts() == 0) {
                    fail(dropped.failure());
                } else {
                    executor.execute(() -> resume(attachment, dropped.failure()));
                }
            }
            case Ending.Refused refused -> fail(refused.failure());
            case Ending.Failed failed -> fail(failed.failure());
        }
    }

    /** Reconnects with the latest token until the server resumes the session, refuses, or attempts run out. */
    private void resume(Attachment dropped, HarkStreamException drop) {
        Duration retryAfter = Duration.ZERO;
        HarkStreamException last = drop;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            try {
                policy.sleeper().sleep(policy.delayBefore(attempt, retryAfter));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(new HarkStreamException("interrupted", "interrupted while resuming", e));
                return;
            }
            if (closed.isDone()) {
                return;
            }
            StreamConnection connection = connect(state.resumeUri(target), true,
                    "waiting for session.resumed from " + target.endpoint());
            try {
                attach(connection, connection.attached().join(), dropped.next());
                return;
            } catch (CompletionException e) {
                Ending how = connection.ending().join();
                retryAfter = how instanceof Ending.Refused refused ? refused.error().retryAfter() : Duration.ZERO;
                last = failureOf(how);
                if (!retryable(how)) {
                    fail(new HarkStreamException(last.code(), "connection dropped (" + drop.getMessage()
                            + "); resuming session " + state.sessionId() + " failed: " + last.getMessage(), last));
                    return;
                }
            }
        }
        fail(new HarkStreamException("resume_failed", "connection dropped (" + drop.getMessage() + ") and session "
                + state.sessionId() + " could not be resumed after " + policy.maxAttempts() + " attempts; last: "
                + last.getMessage(), last));
    }

    private static boolean retryable(Ending how) {
        return switch (how) {
            case Ending.Dropped ignored -> true;
            case Ending.Refused refused -> RETRYABLE.contains(refused.error().code());
            case Ending.Failed failed -> "timeout".equals(failed.failure().code());
            case Ending.Closed ignored -> false;
        };
    }

    private static HarkStreamException failureOf(Ending how) {
        return switch (how) {
            case Ending.Closed ignored -> new HarkStreamException("protocol", "session closed before it started");
            case Ending.Dropped dropped -> dropped.failure();
            case Ending.Refused refused -> refused.failure();
            case Ending.Failed failed -> failed.failure();
        };
    }

    private void sendAll(WavAudio audio, FramePacer pacer) {
        byte[] pcm = audio.pcm();
        int frameBytes = audio.bytesPer(HarkStreamClient.FRAME_MILLIS);
        int sampleBytes = audio.channels() * 2;
        try {
            for (Attachment at = await(first); at != null; at = await(at.next())) {
                long from = at.resendFromSample() * sampleBytes;
                if (from > pcm.length) {
                    at.connection().end(new Ending.Failed(new HarkStreamException("protocol", "server resumed at sample "
                            + at.resendFromSample() + " but the audio has only " + pcm.length / sampleBytes)));
                    return;
                }
                sendFrom(at.connection(), pcm, (int) from, frameBytes, pacer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new HarkStreamException("interrupted", "interrupted while sending audio", e));
        }
    }

    /** The attachment {@code next} completes with, or null once the stream has ended without one. */
    private Attachment await(CompletableFuture<Attachment> next) throws InterruptedException {
        try {
            CompletableFuture.anyOf(next, closed).get();
        } catch (ExecutionException streamFailed) {
            return null;
        }
        return next.isDone() ? next.join() : null;
    }

    private void sendFrom(StreamConnection connection, byte[] pcm, int from, int frameBytes, FramePacer pacer)
            throws InterruptedException {
        for (int offset = from; offset < pcm.length; offset += frameBytes) {
            pacer.awaitTurn(offset / frameBytes);
            if (connection.isEnded()) {
                return;
            }
            ByteBuffer frame = ByteBuffer.wrap(pcm, offset, Math.min(frameBytes, pcm.length - offset)).slice();
            if (!sent(connection, () -> connection.sendBinary(frame))) {
                return;
            }
        }
        if (sent(connection, () -> connection.sendText(StreamMessages.CLOSE_STREAM))) {
            connection.failUnlessClosedWithin(settings.closeTimeout(), "waiting for the server to close the stream");
        }
    }

    /**
     * Waits for one send. A failed send means the socket is going away: its own close or error
     * event says how (a server error read just before the close must win over the failed send),
     * and only if none comes in time is it called a drop.
     */
    private boolean sent(StreamConnection connection, Supplier<CompletableFuture<Void>> send)
            throws InterruptedException {
        long limit = settings.sendTimeout().toMillis();
        try {
            send.get().get(limit, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            connection.end(new Ending.Failed(new HarkStreamException("timeout", "timed out after "
                    + settings.sendTimeout().toSeconds() + "s sending audio (server not reading)")));
        } catch (ExecutionException | RuntimeException e) {
            try {
                connection.ending().get(limit, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException notEnded) {
                connection.end(new Ending.Dropped(new HarkStreamException("connection", "sending audio failed: "
                        + StreamConnection.describe(e), e)));
            }
        }
        return false;
    }
}
