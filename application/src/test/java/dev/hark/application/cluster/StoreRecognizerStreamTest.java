package dev.hark.application.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.store.TranscriptCursor;
import dev.hark.application.port.outbound.store.TranscriptEntry;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The gateway's cluster stream against a scripted store, on a manual clock. */
class StoreRecognizerStreamTest {

    private static final SessionId STORE_ID = new SessionId("store-0001");
    private static final AudioFormat PCM = AudioFormat.linear16Mono(16_000);

    /** leaseTtl 3 s, ownerCheckInterval 500 ms, storeRetryDelay 100 ms, storeOutageBound 10 s. */
    static final ClusterSettings SETTINGS = new ClusterSettings(Duration.ofSeconds(3), Duration.ofSeconds(1),
            Duration.ofMillis(500), 4, Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(30), 100, Duration.ofSeconds(2));

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ScriptedGatewayStore store = new ScriptedGatewayStore();
    private final RecordingListener listener = new RecordingListener();
    private final StoreRecognizerStream stream = new StoreRecognizerStream(STORE_ID, new SessionId("client-0001"),
            Generation.FIRST, store, scheduler, scheduler, ClusterMetricsPort.NONE, SETTINGS, listener);

    @Test
    @DisplayName("H35: an append the store could not take is retried; a later success loses nothing")
    void unavailableAppend_isRetriedUntilItLands_H35() {
        stream.start(follower -> () -> {
        });
        store.appendAnswers.add(new Unavailable(Unavailable.Cause.TIMEOUT, "paused"));
        store.appendAnswers.add(new Unavailable(Unavailable.Cause.TIMEOUT, "paused"));

        stream.sendAudio(chunk(0));
        stream.sendAudio(chunk(1600));
        scheduler.advance(Duration.ofMillis(250));

        assertThat(store.appended).containsExactly(0L, 0L, 0L, 1600L);
        assertThat(listener.failures).isEmpty();
    }

    @Test
    @DisplayName("H35: a store away past storeOutageBound fails the stream once, as retryable (the core replays)")
    void storeAwayPastTheBound_failsTheStreamOnceAsRetryable_H35() {
        stream.start(follower -> () -> {
        });
        store.alwaysUnavailable = true;

        stream.sendAudio(chunk(0));
        scheduler.advance(Duration.ofSeconds(11));

        assertThat(listener.failures).hasSize(1);
        assertThat(listener.failures.getFirst().isRetryable()).isTrue();
        assertThat(listener.failures.getFirst().clientError().retryAfter()).as("the client's hint if the core gives up")
                .isEqualTo(SETTINGS.unavailableRetryAfter());
        assertThat(stream.isOpen()).isFalse();
    }

    @Test
    @DisplayName("H35: a stream failed by an outage still closes its store session once the store is back:"
            + " its worker finishes and its keys expire instead of staying forever")
    void storeSessionOfAFailedStream_isClosedAndDetached_whenTheStoreAnswersAgain_H35() {
        stream.start(follower -> () -> {
        });
        store.alwaysUnavailable = true;
        stream.sendAudio(chunk(0));
        scheduler.advance(Duration.ofSeconds(11));
        assertThat(listener.failures).hasSize(1);

        store.alwaysUnavailable = false;
        scheduler.advance(Duration.ofMillis(200));

        assertThat(store.marks).containsExactly(dev.hark.application.port.outbound.store.AudioMark.CLOSE);
        assertThat(store.detaches).containsExactly(SETTINGS.sessionGrace());
    }

    @Test
    void owner_isWatchedWhileOpen_andNoLongerOnceTheStreamFailed() {
        stream.start(follower -> () -> {
        });
        store.inspection = ScriptedGatewayStore.owned(false);
        scheduler.advance(Duration.ofMillis(1500));
        assertThat(store.requests).as("the open stream's watch asks for a worker").hasSize(1);

        store.alwaysUnavailable = true;
        stream.sendAudio(chunk(0));
        scheduler.advance(Duration.ofSeconds(11));
        assertThat(listener.failures).hasSize(1);
        int inspectionsWhenFailed = store.inspections.get();

        scheduler.advance(Duration.ofSeconds(10));
        assertThat(store.inspections.get()).as("a failed stream stops its owner watch").isEqualTo(inspectionsWhenFailed);
    }

    @Test
    void interimsFromTheWorker_reportProgress_soALongUtteranceDoesNotHoldTheClientPaused() {
        List<dev.hark.application.port.outbound.store.StoreStreamListener<TranscriptEntry>> follower =
                new CopyOnWriteArrayList<>();
        stream.start(f -> {
            follower.add(f);
            return () -> {
            };
        });

        follower.getFirst().onEntries(List.of(new TranscriptEntry.InterimEntry(new TranscriptCursor(0, 1),
                new Transcript(1, Hypothesis.interim("my brother works", new SampleSpan(16_000, 64_000), List.of())))));

        assertThat(listener.progress).containsExactly(64_000L);
    }

    private static PcmChunk chunk(long start) {
        return new PcmChunk(start, new byte[3200], PCM);
    }

    private static final class RecordingListener implements RecognitionListener {
        final List<RecognizerException> failures = new CopyOnWriteArrayList<>();
        final List<Long> progress = new CopyOnWriteArrayList<>();

        @Override
        public void onHypothesis(Hypothesis hypothesis) {
        }

        @Override
        public void onProgress(long processedSamples) {
            progress.add(processedSamples);
        }

        @Override
        public void onSpeechEvent(SpeechEvent event) {
        }

        @Override
        public void onClosed() {
        }

        @Override
        public void onFailed(RecognizerException failure) {
            failures.add(failure);
        }
    }
}
