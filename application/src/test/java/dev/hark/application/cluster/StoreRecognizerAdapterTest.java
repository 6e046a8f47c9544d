package dev.hark.application.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the gateway's cluster recognizer refuses before a session opens. */
class StoreRecognizerAdapterTest {

    private final ScriptedGatewayStore store = new ScriptedGatewayStore();
    private final AtomicReference<Optional<String>> storeRefusal = new AtomicReference<>(Optional.empty());
    private final ManualScheduler scheduler = new ManualScheduler();
    private final StoreRecognizerAdapter adapter = new StoreRecognizerAdapter(new NodeId("g1"),
            store, new SequentialSecrets(), scheduler, scheduler, ClusterMetricsPort.NONE,
            StoreRecognizerStreamTest.SETTINGS, storeRefusal::get);

    @Test
    @DisplayName("H35: while the store does not answer, a new session is refused at once with a retry hint")
    void refusesNewSessionsWithARetryHint_whileTheStoreIsUnreachable_H35() {
        AudioFormat pcm = AudioFormat.linear16Mono(16_000);
        assertThat(adapter.refusalFor(pcm)).isEmpty();

        storeRefusal.set(Optional.of("the store (Redis) is unreachable: timeout"));

        assertThat(adapter.refusalFor(pcm)).hasValueSatisfying(refusal -> {
            assertThat(refusal.code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
            assertThat(refusal.retryAfter()).isEqualTo(StoreRecognizerStreamTest.SETTINGS.unavailableRetryAfter());
        });
    }

    @Test
    @DisplayName("H35: a create whose answer timed out may have run later; it is detached so its keys expire")
    void detachesAStoreSessionWhoseCreateTimedOut_soItsKeysExpire_H35() {
        store.alwaysUnavailable = true;
        var opened = adapter.openStream(new RecognizerStreamRequest(new SessionId("client-1"), new StreamOptions(
                AudioFormat.linear16Mono(16_000), true, "en", 65_536)), new IgnoringListener());
        assertThat(opened).isCompletedExceptionally();

        store.alwaysUnavailable = false;
        scheduler.advance(Duration.ofMillis(200));

        assertThat(store.detaches).containsExactly(StoreRecognizerStreamTest.SETTINGS.sessionGrace());
    }

    private static final class IgnoringListener implements RecognitionListener {
        @Override
        public void onHypothesis(Hypothesis hypothesis) {
        }

        @Override
        public void onProgress(long processedSamples) {
        }

        @Override
        public void onSpeechEvent(SpeechEvent event) {
        }

        @Override
        public void onClosed() {
        }

        @Override
        public void onFailed(RecognizerException failure) {
        }
    }
}
