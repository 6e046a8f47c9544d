package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.SchedulerPort.ScheduledTask;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The recognizer link's keepalive and watchdog (H23): keeps an idle stream open and replaces one
 * that has audio to work on but shows no sign of life, as if it had failed (with replay). One
 * periodic check from the first open until the link is done, whether or not a client is
 * attached; lane-confined like the link it belongs to.
 */
final class LinkLiveness {

    private static final Logger LOG = System.getLogger(LinkLiveness.class.getName());

    /** Signs of life of the current stream, kept by the feed that sends it audio. */
    interface Activity {
        /** Audio outstanding and no sign of life for {@code timeout}. */
        boolean stalled(long nowNanos, Duration timeout);

        /** Nothing sent for {@code interval}. */
        boolean idleFor(long nowNanos, Duration interval);

        void keptAlive(long nowNanos);
    }

    private final SessionContext context;
    private final SessionLane lane;
    private final RecognizerLink link;
    private Activity activity;
    private ScheduledTask timer;

    LinkLiveness(SessionContext context, SessionLane lane, RecognizerLink link) {
        this.context = context;
        this.lane = lane;
        this.link = link;
    }

    void watch(Activity feedActivity) {
        this.activity = feedActivity;
    }

    /** Starts the periodic check unless it runs already. */
    void start() {
        if (timer == null) {
            timer = lane.schedule(context.settings().recovery().livenessCheckInterval(), "liveness check", this::check);
        }
    }

    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void check() {
        timer = null;
        if (link.state() instanceof LinkState.Done) {
            return;
        }
        RecoverySettings recovery = context.settings().recovery();
        long now = context.ticker().nanoTime();
        switch (link.state()) {
            case LinkState.Open open -> check(open.epoch(), now, recovery);
            case LinkState.Closing closing -> check(closing.epoch(), now, recovery);
            default -> { }
        }
        if (!(link.state() instanceof LinkState.Done)) {
            start();
        }
    }

    private void check(long epoch, long now, RecoverySettings recovery) {
        if (activity.stalled(now, recovery.watchdogTimeout())) {
            context.metrics().providerStalled();
            LOG.log(Level.WARNING, "{0}: recognizer stream {1} made no progress for {2} s; replacing it",
                    lane, epoch, recovery.watchdogTimeout().toSeconds());
            link.streamFailed(epoch, RecognizerException.retryable(ClientError.of(ErrorCode.PROVIDER_ERROR,
                    "the recognizer stopped responding"), null));
        } else if (activity.idleFor(now, recovery.keepAliveInterval())) {
            link.keepAlive();
            activity.keptAlive(now);
            context.metrics().providerKeepAliveSent();
        }
    }
}
