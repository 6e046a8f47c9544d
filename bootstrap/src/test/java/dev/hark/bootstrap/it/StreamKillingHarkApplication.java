package dev.hark.bootstrap.it;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.bootstrap.HarkApplication;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hark with the real embedded engine and two faults a test can ask for: the next recognizer
 * stream opened after {@link #KILL_NEXT_STREAM} is set dies after {@link #KILL_AFTER_SAMPLES}
 * samples (2 s), the way a dropped upstream connection would (the inner stream is aborted and
 * the session hears a retryable failure); and opening a stream waits for {@link #OPEN_GATE}, so
 * a test can hold a session in STARTING as long as it likes.
 */
public class StreamKillingHarkApplication extends HarkApplication {

    static final long KILL_AFTER_SAMPLES = 32_000;
    static final AtomicInteger KILLS = new AtomicInteger();
    static final AtomicBoolean KILL_NEXT_STREAM = new AtomicBoolean();
    static final AtomicReference<CompletableFuture<Void>> OPEN_GATE =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

    @Override
    protected SpeechRecognizerPort decorateRecognizer(SpeechRecognizerPort recognizer) {
        return new SpeechRecognizerPort() {
            @Override
            public Optional<ClientError> refusalFor(AudioFormat format) {
                return recognizer.refusalFor(format);
            }

            @Override
            public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request,
                                                                  RecognitionListener listener) {
                if (!KILL_NEXT_STREAM.compareAndSet(true, false)) {
                    return OPEN_GATE.get().thenCompose(open -> recognizer.openStream(request, listener));
                }
                KillableListener guarded = new KillableListener(listener);
                return OPEN_GATE.get().thenCompose(open -> recognizer.openStream(request, guarded))
                        .thenApply(inner -> new KilledStream(inner, guarded));
            }
        };
    }

    /** Forwards events until the kill, then drops whatever the aborted inner stream still says. */
    private static final class KillableListener implements RecognitionListener {
        private final RecognitionListener target;
        private volatile boolean killed;

        KillableListener(RecognitionListener target) {
            this.target = target;
        }

        void kill() {
            killed = true;
            target.onFailed(RecognizerException.retryable(
                    ClientError.of(ErrorCode.PROVIDER_ERROR, "injected fault: upstream dropped"), null));
        }

        @Override
        public void onHypothesis(dev.hark.domain.transcript.Hypothesis hypothesis) {
            if (!killed) {
                target.onHypothesis(hypothesis);
            }
        }

        @Override
        public void onProgress(long processedSamples) {
            if (!killed) {
                target.onProgress(processedSamples);
            }
        }

        @Override
        public void onSpeechEvent(SpeechEvent event) {
            if (!killed) {
                target.onSpeechEvent(event);
            }
        }

        @Override
        public void onClosed() {
            if (!killed) {
                target.onClosed();
            }
        }

        @Override
        public void onFailed(RecognizerException failure) {
            if (!killed) {
                target.onFailed(failure);
            }
        }
    }

    private static final class KilledStream implements RecognizerStream {
        private final RecognizerStream inner;
        private final KillableListener listener;
        private long samples;
        private volatile boolean dead;

        KilledStream(RecognizerStream inner, KillableListener listener) {
            this.inner = inner;
            this.listener = listener;
        }

        @Override
        public void sendAudio(PcmChunk chunk) {
            if (dead) {
                return;
            }
            samples += chunk.sampleCount();
            if (samples > KILL_AFTER_SAMPLES) {
                dead = true;
                inner.abort();
                KILLS.incrementAndGet();
                listener.kill();
                return;
            }
            inner.sendAudio(chunk);
        }

        @Override
        public void finalizeUtterance() {
            if (!dead) {
                inner.finalizeUtterance();
            }
        }

        @Override
        public void closeGracefully() {
            if (!dead) {
                inner.closeGracefully();
            }
        }

        @Override
        public void abort() {
            dead = true;
            inner.abort();
        }

        @Override
        public boolean isOpen() {
            return !dead && inner.isOpen();
        }
    }
}
