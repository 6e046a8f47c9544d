package dev.hark.application.service;

import java.time.Duration;

/**
 * How far the current recognizer stream has got, on its own clock: audio sent to it, audio it
 * says it processed, and when it last showed a sign of life. It drives backpressure (H24:
 * {@link #backlog}) and the link's keepalive and watchdog ({@link LinkLiveness.Activity}).
 * One per stream: a new stream starts from a fresh one, so nothing of a replaced stream's
 * progress carries over. Lane-confined.
 */
final class StreamProgress implements LinkLiveness.Activity {

    private long sentThrough;
    private long processedThrough;
    private long lastAudioSentNanos;
    private long waitingSinceNanos;
    /**
     * The stream said something (progress or a result) since the last audio sent to it. Providers
     * may keep the last fraction of a second unreported until more audio comes (Deepgram reports
     * progress through its Results windows, the embedded engine every half second), so a stream
     * that answered after its last audio is alive, however long the client then pauses.
     */
    private boolean answeredSinceSend;
    /** False until a stream is attached, and after it is gone: no stream, no backlog, nothing to watch. */
    private boolean current;

    /** A new stream: nothing sent, nothing processed, waiting from {@code nowNanos}. */
    void restart(long nowNanos) {
        current = true;
        sentThrough = 0;
        processedThrough = 0;
        waitingSinceNanos = nowNanos;
        lastAudioSentNanos = nowNanos;
        answeredSinceSend = false;
    }

    /** The stream is gone. */
    void stop() {
        current = false;
    }

    /** About to send audio: the watchdog starts counting here if the stream was caught up or had answered. */
    void sending(long nowNanos) {
        if (processedThrough >= sentThrough || answeredSinceSend) {
            waitingSinceNanos = nowNanos;
        }
        answeredSinceSend = false;
    }

    void sent(long through, long nowNanos) {
        sentThrough = through;
        lastAudioSentNanos = nowNanos;
    }

    void processed(long through, long nowNanos) {
        processedThrough = Math.max(processedThrough, through);
        answered(nowNanos);
    }

    /** Any result is a sign of life. */
    void answered(long nowNanos) {
        waitingSinceNanos = nowNanos;
        answeredSinceSend = true;
    }

    /** The stream was asked to close and owes an answer: the watchdog counts from now, as after audio. */
    void expectAnswer(long nowNanos) {
        answeredSinceSend = false;
        waitingSinceNanos = nowNanos;
    }

    /** Samples sent and not yet processed; 0 without a stream. */
    long backlog() {
        return current ? sentThrough - processedThrough : 0;
    }

    /** Audio outstanding, no answer since it was sent, and no sign of life for {@code timeout}. */
    @Override
    public boolean stalled(long nowNanos, Duration timeout) {
        return current && sentThrough > processedThrough && !answeredSinceSend
                && nowNanos - waitingSinceNanos >= timeout.toNanos();
    }

    /** Nothing sent for {@code interval}; the link sends a keepalive and reports it with {@link #keptAlive}. */
    @Override
    public boolean idleFor(long nowNanos, Duration interval) {
        return current && nowNanos - lastAudioSentNanos >= interval.toNanos();
    }

    @Override
    public void keptAlive(long nowNanos) {
        lastAudioSentNanos = nowNanos;
    }
}
