package dev.hark.emulator.deepgram;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real recognizer and counts its streams, so tests can prove the emulator leaves none
 * open: a stream counts as open until it is aborted or reports closed or failed. Shared through
 * this module's test jar with bootstrap's Deepgram ITs.
 */
public final class TrackingRecognizer implements SpeechRecognizerPort {

    private final SpeechRecognizerPort delegate;
    private final Set<RecognizerStream> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger opened = new AtomicInteger();

    public TrackingRecognizer(SpeechRecognizerPort delegate) {
        this.delegate = delegate;
    }

    public int openStreams() {
        return open.size();
    }

    public int streamsOpened() {
        return opened.get();
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
            opened.incrementAndGet();
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
        public void keepAlive() {
            stream.keepAlive();
        }

        @Override
        public boolean isOpen() {
            return stream.isOpen();
        }
    }
}
