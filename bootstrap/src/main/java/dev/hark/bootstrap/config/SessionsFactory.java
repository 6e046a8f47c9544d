package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.application.service.RecoverySettings;
import dev.hark.application.service.SessionSettings;
import dev.hark.domain.session.AttachPolicy;
import dev.hark.domain.session.ResumeRules;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The {@code sessions:} section: lifecycle limits (docs/protocol.md explains each). */
public class SessionsFactory {

    /** Audio held per session while its recognizer opens. */
    @JsonProperty
    private Duration maxPendingAudio = Duration.seconds(10);

    /** How long a detached session waits for its client to resume. */
    @JsonProperty
    private Duration gracePeriod = Duration.seconds(30);

    /** Finals kept per session for a resuming client. */
    @Min(1)
    @Max(1_000_000)
    @JsonProperty
    private int outboxCapacity = 1000;

    /** What a second client for an attached session gets: reject (SESSION_BUSY) or takeover. */
    @NotNull
    @JsonProperty
    private AttachPolicy attachPolicy = AttachPolicy.REJECT;

    /** Minimum time between two attachments of one session. */
    @JsonProperty
    private Duration reconnectCooldown = Duration.milliseconds(250);

    /** retry_after_ms sent with SESSION_BUSY. */
    @JsonProperty
    private Duration busyRetryAfter = Duration.seconds(1);

    /** Bound on opening a recognizer stream. */
    @JsonProperty
    private Duration providerConnectTimeout = Duration.seconds(10);

    /**
     * No effect since the recognizer link opens streams on the session's lane, where only one
     * caller ever waits; still accepted (and ignored) so configurations that set it keep loading.
     */
    @Min(0)
    @JsonProperty
    private int providerMaxWaiters = 0;

    /** retry_after_ms sent when the recognizer timed out. */
    @JsonProperty
    private Duration providerRetryAfter = Duration.seconds(2);

    /** Attaches (new or resumed) one client address may make at once. */
    @Min(1)
    @JsonProperty
    private int attachBurstPerAddress = 30;

    /** Sustained attaches per second per client address. */
    @DecimalMin("0.001")
    @JsonProperty
    private double attachRatePerAddress = 10.0;

    /** Audio kept after the last final for replay into a replacement recognizer stream. */
    @JsonProperty
    private Duration maxRetainedAudio = Duration.seconds(30);

    /** First delay before reconnecting a failed recognizer stream; doubles per consecutive failure. */
    @JsonProperty
    private Duration providerReconnectBackoff = Duration.milliseconds(200);

    @JsonProperty
    private Duration providerReconnectMaxBackoff = Duration.seconds(5);

    /** Consecutive quick recognizer failures after which the session ends with PROVIDER_ERROR. */
    @Min(1)
    @JsonProperty
    private int providerMaxQuickFailures = 3;

    /** A recognizer stream that lived this long resets the failure count. */
    @JsonProperty
    private Duration providerHealthyAfter = Duration.seconds(10);

    /** A keepalive goes to the recognizer when no audio was sent for this long (Deepgram closes after ~10 s). */
    @JsonProperty
    private Duration providerKeepAliveInterval = Duration.seconds(5);

    /** A recognizer with audio to work on and no progress for this long is replaced, with replay. */
    @JsonProperty
    private Duration providerWatchdogTimeout = Duration.seconds(20);

    /** Audio the recognizer may be behind before the session stops reading the client's socket. */
    @JsonProperty
    private Duration maxRecognizerBacklog = Duration.seconds(5);

    /** Threads that run session lanes; lanes do no I/O waits, so few are needed. */
    @Min(1)
    @Max(256)
    @JsonProperty
    private int laneThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

    /**
     * Tasks an idle session lane runs on the thread that submitted to it (a socket's I/O thread,
     * a recognizer's thread) before handing the rest to the lane threads; 0 always hands off.
     */
    @Min(0)
    @Max(1024)
    @JsonProperty
    private int laneInlineTasks = 4;

    public SessionSettings build() {
        return new SessionSettings(maxPendingAudio.toJavaDuration(), gracePeriod.toJavaDuration(), outboxCapacity,
                new ResumeRules(attachPolicy, reconnectCooldown.toJavaDuration(), busyRetryAfter.toJavaDuration()),
                providerConnectTimeout.toJavaDuration(), providerRetryAfter.toJavaDuration(),
                attachBurstPerAddress, attachRatePerAddress,
                new RecoverySettings(maxRetainedAudio.toJavaDuration(), providerReconnectBackoff.toJavaDuration(),
                        providerReconnectMaxBackoff.toJavaDuration(), providerMaxQuickFailures,
                        providerHealthyAfter.toJavaDuration(), providerKeepAliveInterval.toJavaDuration(),
                        providerWatchdogTimeout.toJavaDuration(), maxRecognizerBacklog.toJavaDuration()));
    }

    public int laneThreads() {
        return laneThreads;
    }

    public int laneInlineTasks() {
        return laneInlineTasks;
    }
}
