package dev.hark.bootstrap.it.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.out.RecognitionListener;
import dev.hark.application.port.out.RecognizerException;
import dev.hark.application.port.out.RecognizerStream;
import dev.hark.application.port.out.RecognizerStreamRequest;
import dev.hark.application.port.out.SpeechRecognizerPort;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.emulator.deepgram.ConnectionObservation;
import dev.hark.emulator.deepgram.DeepgramEmulator;
import dev.hark.emulator.deepgram.EmulatorSettings;
import dev.hark.infrastructure.out.embedded.EmbeddedEngineSettings;
import dev.hark.infrastructure.out.embedded.EmbeddedRecognizerAdapter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Deepgram emulator on loopback, transcribing with the real embedded PocketSphinx engine
 * (three decoders, one warm, on two decode threads), for one test class. The engine is wrapped
 * so tests can prove that no recognizer stream outlives its Deepgram connection.
 */
final class EmulatedDeepgram implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService decodeThreads;
    private final EmbeddedRecognizerAdapter engine;
    private final TrackingRecognizer recognizer;
    private final DeepgramEmulator emulator;

    private EmulatedDeepgram(String apiKey) {
        AtomicInteger threads = new AtomicInteger();
        decodeThreads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "emulator-decode-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        engine = EmbeddedRecognizerAdapter.create(EmbeddedEngineSettings.defaults().withDecoders(3, 1), decodeThreads);
        recognizer = new TrackingRecognizer(engine);
        emulator = DeepgramEmulator.start(EmulatorSettings.defaults().withApiKey(apiKey), recognizer);
    }

    /** Starts the engine, then the emulator requiring {@code apiKey}. */
    static EmulatedDeepgram start(String apiKey) {
        return new EmulatedDeepgram(apiKey);
    }

    DeepgramEmulator emulator() {
        return emulator;
    }

    /** Connections (handshakes) the emulator has seen so far. */
    int connections() {
        return emulator.observations().connectionCount();
    }

    /** The connections from {@code index} on. */
    List<ConnectionObservation> connectionsFrom(int index) {
        List<ConnectionObservation> all = emulator.observations().connections();
        return all.subList(Math.min(index, all.size()), all.size());
    }

    /** Recognizer streams the emulator opened that were neither aborted nor ended. */
    int openRecognizerStreams() {
        return recognizer.openStreams();
    }

    /** Every connection ended and every recognizer stream the emulator opened is released. */
    void awaitQuiet() {
        await("emulator connections ended and recognizer streams released").atMost(WAIT).untilAsserted(() -> {
            assertThat(emulator.observations().connections()).allMatch(ConnectionObservation::ended,
                    "connection ended");
            assertThat(recognizer.openStreams()).as("recognizer streams still open at the emulator").isZero();
        });
    }

    /** The emulator first (it aborts its streams), then the engine it does not own. */
    @Override
    public void close() {
        emulator.close();
        engine.close();
        decodeThreads.shutdownNow();
    }

    /**
     * Counts the streams of a real recognizer: a stream is open from its opening until it is
     * aborted or reports closed or failed.
     */
    private static final class TrackingRecognizer implements SpeechRecognizerPort {

        private final SpeechRecognizerPort delegate;
        private final Set<Tracked> open = ConcurrentHashMap.newKeySet();

        TrackingRecognizer(SpeechRecognizerPort delegate) {
            this.delegate = delegate;
        }

        int openStreams() {
            return open.size();
        }

        @Override
        public Optional<ClientError> refusalFor(AudioFormat format) {
            return delegate.refusalFor(format);
        }

        @Override
        public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request,
                                                              RecognitionListener listener) {
            Tracked tracked = new Tracked();
            return delegate.openStream(request, tracked.listener(listener)).thenApply(stream -> {
                tracked.stream = stream;
                open.add(tracked);
                return tracked;
            });
        }

        private final class Tracked implements RecognizerStream {

            private volatile RecognizerStream stream;

            RecognitionListener listener(RecognitionListener target) {
                return new RecognitionListener() {
                    @Override
                    public void onHypothesis(Hypothesis hypothesis) {
                        target.onHypothesis(hypothesis);
                    }

                    @Override
                    public void onProgress(long processedSamples) {
                        target.onProgress(processedSamples);
                    }

                    @Override
                    public void onSpeechEvent(SpeechEvent event) {
                        target.onSpeechEvent(event);
                    }

                    @Override
                    public void onClosed() {
                        open.remove(Tracked.this);
                        target.onClosed();
                    }

                    @Override
                    public void onFailed(RecognizerException failure) {
                        open.remove(Tracked.this);
                        target.onFailed(failure);
                    }
                };
            }

            @Override
            public void sendAudio(PcmChunk chunk) {
                stream.sendAudio(chunk);
            }

            @Override
            public void finalizeUtterance() {
                stream.finalizeUtterance();
            }

            @Override
            public void closeGracefully() {
                stream.closeGracefully();
            }

            @Override
            public void abort() {
                open.remove(this);
                stream.abort();
            }

            @Override
            public boolean isOpen() {
                return stream.isOpen();
            }
        }
    }
}
