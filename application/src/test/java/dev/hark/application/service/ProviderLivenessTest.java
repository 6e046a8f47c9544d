package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.StreamOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Keepalive to an idle recognizer and the watchdog for a silent one, on a manual clock. */
class ProviderLivenessTest {

    private static final RecoverySettings RECOVERY = RecoverySettings.DEFAULTS;

    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();
    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingChannel channel = new RecordingChannel();
    private final StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(),
            lanes, scheduler, scheduler, metrics, SessionSettings.DEFAULTS);

    @Test
    void sendsKeepAlivesWhileIdleForAMinute_andTheStreamStaysOpen() {
        open();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();

        advance(Duration.ofSeconds(60));

        assertThat(stream.keepAlives()).isBetween(11, 12);
        assertThat(stream.isOpen()).isTrue();
        assertThat(recognizer.calls()).hasSize(1);
        assertThat(metrics.count("provider.keepalives")).isEqualTo(stream.keepAlives());
    }

    @Test
    void keepsNoRecognizerAliveForADetachedClient_itIsReleasedInstead_H27() {
        StreamHandle handle = open();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        service.clientGone(handle);
        lanes.runAll();

        advance(Duration.ofSeconds(20));

        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(stream.keepAlives()).isZero();
        assertThat(recognizer.calls()).hasSize(1);
        assertThat(service.activeSessions()).isEqualTo(1);
    }

    @Test
    void sendsNoKeepAlive_whileAudioFlows() {
        StreamHandle handle = open();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        for (int second = 0; second < 30; second++) {
            service.pushAudio(handle, new byte[32_000]);
            recognizer.lastCall().listener().onProgress((second + 1) * 16_000L);
            advance(Duration.ofSeconds(1));
        }
        assertThat(stream.keepAlives()).isZero();
        assertThat(recognizer.calls()).hasSize(1);
    }

    @Test
    void replacesARecognizerThatTakesAudioButReturnsNothing_andReplaysIt() {
        StreamHandle handle = open();
        ScriptedStream silent = recognizer.lastCall().succeed();
        lanes.runAll();
        service.pushAudio(handle, new byte[32_000]);
        lanes.runAll();

        advance(RECOVERY.watchdogTimeout().minusSeconds(1));
        assertThat(silent.aborts()).as("not yet").isZero();
        advance(Duration.ofSeconds(2));
        assertThat(silent.aborts()).isEqualTo(1);
        advance(RECOVERY.maxBackoff());
        ScriptedStream replacement = recognizer.lastCall().succeed();
        lanes.runAll();

        assertThat(recognizer.calls()).hasSize(2);
        assertThat(replacement.audio()).extracting(PcmChunk::sampleCount).containsExactly(16_000L);
        assertThat(metrics.count("provider.stalls")).isEqualTo(1);
        assertThat(service.activeSessions()).isEqualTo(1);
    }

    /**
     * A provider may keep the last fraction of a second to itself until more audio comes: Deepgram
     * and the emulator report progress through the windows of their Results (about one a second),
     * the embedded engine every half second. A stream that answered after the last audio it got
     * is alive; a pause longer than the watchdog timeout must not replace it (nor the replacement,
     * every 20 s, for as long as the client stays paused or detached).
     */
    @Test
    void keepsARecognizerThatAnsweredAfterTheLastAudio_throughALongPause_thoughItKeepsATailUnreported() {
        StreamHandle handle = open();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        service.pushAudio(handle, new byte[41_280]); // 1.29 s
        advance(Duration.ofMillis(500));
        assertThat(stream.audio().stream().mapToLong(PcmChunk::sampleCount).sum()).isEqualTo(20_640);
        recognizer.lastCall().listener().onProgress(16_000); // through 1.0 s; the last 0.29 s stays unreported
        lanes.runAll();

        advance(Duration.ofSeconds(60));

        assertThat(stream.aborts()).as("replaced during the pause").isZero();
        assertThat(recognizer.calls()).hasSize(1);
        assertThat(metrics.count("provider.stalls")).isZero();
        assertThat(stream.keepAlives()).isGreaterThanOrEqualTo(10);

        // the pause does not blind the watchdog: audio after it that gets no answer still trips it
        service.pushAudio(handle, new byte[32_000]);
        advance(RECOVERY.watchdogTimeout().minusSeconds(1));
        assertThat(stream.aborts()).as("not yet").isZero();
        advance(Duration.ofSeconds(2));
        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(metrics.count("provider.stalls")).isEqualTo(1);
    }

    @Test
    void replacesARecognizerThatAnsweredBeforeAPause_butThenDoesNotAnswerTheClose() {
        StreamHandle handle = open();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        service.pushAudio(handle, new byte[41_280]);
        advance(Duration.ofMillis(500));
        recognizer.lastCall().listener().onProgress(16_000);
        lanes.runAll();
        advance(Duration.ofSeconds(30));
        assertThat(stream.aborts()).isZero();

        service.closeStream(handle);
        advance(RECOVERY.watchdogTimeout().minusSeconds(1));
        assertThat(stream.aborts()).as("not yet").isZero();
        advance(Duration.ofSeconds(2));

        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(metrics.count("provider.stalls")).isEqualTo(1);
    }

    /** Durations run on the monotonic ticker: NTP stepping the wall clock neither starves the keepalive nor trips the watchdog. */
    @Test
    void keepAliveAndWatchdogIgnoreWallClockSteps() {
        StreamHandle handle = open();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();

        scheduler.stepWallClock(Duration.ofHours(-1));
        advance(RECOVERY.keepAliveInterval().plusSeconds(1));
        assertThat(stream.keepAlives()).as("a step back does not make the stream look busy").isEqualTo(1);

        service.pushAudio(handle, new byte[32_000]);
        lanes.runAll();
        scheduler.stepWallClock(Duration.ofHours(2));
        advance(Duration.ofSeconds(1));
        assertThat(stream.aborts()).as("a step forward does not make it look stalled").isZero();
        assertThat(metrics.count("provider.stalls")).isZero();
    }

    @Test
    void stopsCheckingOnceTheSessionEnds() {
        StreamHandle handle = open();
        recognizer.lastCall().succeed();
        lanes.runAll();
        service.clientGone(handle);
        lanes.runAll();
        advance(SessionSettings.DEFAULTS.gracePeriod().plusSeconds(5));

        assertThat(service.activeSessions()).isZero();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    private StreamHandle open() {
        OpenOutcome outcome = service.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 65_536), "10.0.0.1"), channel);
        lanes.runAll();
        return ((OpenOutcome.Opening) outcome).handle();
    }

    /** Moves time in small steps, running the lanes between them as a live server would. */
    private void advance(Duration total) {
        Duration step = Duration.ofMillis(100);
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
            scheduler.advance(step);
            lanes.runAll();
        }
    }
}
