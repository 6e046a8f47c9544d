package dev.hark.application.port.inbound;

import dev.hark.application.port.outbound.ClientChannelPort;
import java.util.concurrent.CompletionStage;

/**
 * Everything one client connection asks of the session core, on every endpoint
 * ({@code /v1/stream}, {@code /v1/listen}): attaching (open a new session, resume one after a
 * drop) and the commands of an attached stream. One port, because each endpoint drives all of
 * it; a test that needs to watch one command wraps this one interface.
 *
 * <p>Every command but attaching names its session by {@link StreamHandle}, stamped with the
 * generation it was attached as, so a late command of a replaced socket changes nothing. None
 * blocks on recognition: each is queued on the session's lane and answers {@link Routing}
 * (H19: a session that is gone is a typed outcome, never an exception).
 */
public interface ClientStreamUseCase {

    /**
     * Registers a session bound to {@code channel} and starts its recognizer stream. Never
     * blocks on the recognizer: the outcome of opening it reaches the client through the channel.
     */
    OpenOutcome open(OpenStreamCommand command, ClientChannelPort channel);

    /**
     * Attaches a client to an existing session after a dropped connection (hazards H11-H17).
     * Decides on the session's lane, so it never races with the session's other events. On
     * success the client has already been sent {@code session.resumed} and the finals it
     * missed; the adapter should start reading frames only once the stage completes.
     */
    CompletionStage<OpenOutcome> resume(ResumeStreamCommand command, ClientChannelPort channel);

    /** {@link #pushAudio(StreamHandle, byte[], Runnable)} without flow control. */
    default Routing pushAudio(StreamHandle handle, byte[] pcm) {
        return pushAudio(handle, pcm, () -> { });
    }

    /**
     * Queues a binary frame of client audio, {@code pcm} (ownership passes to Hark: the caller
     * must not reuse the array), for the session. Frames are processed in call order. Refusals
     * reach the client as error messages.
     *
     * <p>Flow control (H24): when the result is {@link Routing#QUEUED} the caller must not read
     * the client's next message itself: the session runs {@code readNext} (on its lane) once it
     * has taken this frame, so each socket has at most one message waiting in its session. While
     * the recognizer is more than {@code sessions.maxRecognizerBacklog} behind, the session holds
     * {@code readNext} back until the recognizer has worked off half of that, at the latest until
     * the session ends; so a slow recognizer slows the client instead of growing memory.
     */
    Routing pushAudio(StreamHandle handle, byte[] pcm, Runnable readNext);

    default Routing finalizeStream(StreamHandle handle) {
        return finalizeStream(handle, () -> { });
    }

    /**
     * The client's {@code finalize}: flush what was heard into finals, keep the stream open.
     * {@code readNext} as for {@link #pushAudio(StreamHandle, byte[], Runnable)}.
     */
    Routing finalizeStream(StreamHandle handle, Runnable readNext);

    default Routing closeStream(StreamHandle handle) {
        return closeStream(handle, () -> { });
    }

    /**
     * The client's {@code close_stream}: no more audio; send the remaining finals, then
     * {@code session.closed} and a normal close. {@code readNext} as for {@link #pushAudio(StreamHandle, byte[], Runnable)}.
     */
    Routing closeStream(StreamHandle handle, Runnable readNext);

    default Routing keepAlive(StreamHandle handle) {
        return keepAlive(handle, () -> { });
    }

    /**
     * The client's {@code keepalive}. It changes nothing about the stream, but like any message it
     * proves the attachment works, which commits a resume's token rotation (H25). {@code readNext}
     * as for {@link #pushAudio(StreamHandle, byte[], Runnable)}.
     */
    Routing keepAlive(StreamHandle handle, Runnable readNext);

    /** The connection dropped: the session detaches and waits for a resume. */
    default Routing clientGone(StreamHandle handle) {
        return clientGone(handle, ClientDeparture.DROPPED);
    }

    /**
     * The client's socket closed or failed without {@code close_stream}, for {@code departure}:
     * a drop detaches, a protocol violation ends the session. Called from close and error
     * callbacks alike.
     */
    Routing clientGone(StreamHandle handle, ClientDeparture departure);
}
