package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every callback in order (progress apart), notices overlapping calls and counts calls
 * made after the terminal one.
 */
class RecordingListener implements RecognitionListener {

    static final String CLOSED = "closed";

    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<Long> progress = new CopyOnWriteArrayList<>();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger afterTerminal = new AtomicInteger();
    private final AtomicBoolean inCall = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    @Override
    public void onHypothesis(Hypothesis hypothesis) {
        record(hypothesis, false);
    }

    @Override
    public void onProgress(long processedSamples) {
        enter();
        try {
            if (ended.get()) {
                afterTerminal.incrementAndGet();
            }
            progress.add(processedSamples);
        } finally {
            inCall.set(false);
        }
    }

    @Override
    public void onSpeechEvent(SpeechEvent event) {
        record(event, false);
    }

    @Override
    public void onClosed() {
        record(CLOSED, true);
    }

    @Override
    public void onFailed(RecognizerException failure) {
        record(failure, true);
    }

    List<Hypothesis> hypotheses() {
        return events.stream().filter(Hypothesis.class::isInstance).map(Hypothesis.class::cast).toList();
    }

    List<SpeechEvent> speechEvents() {
        return events.stream().filter(SpeechEvent.class::isInstance).map(SpeechEvent.class::cast).toList();
    }

    List<RecognizerException> failures() {
        return events.stream().filter(RecognizerException.class::isInstance)
                .map(RecognizerException.class::cast).toList();
    }

    long closedCount() {
        return events.stream().filter(CLOSED::equals).count();
    }

    /** Calls made so far, progress included. */
    int calls() {
        return events.size() + progress.size();
    }

    private void record(Object event, boolean terminal) {
        enter();
        try {
            if (ended.get()) {
                afterTerminal.incrementAndGet();
            }
            if (terminal) {
                ended.set(true);
            }
            events.add(event);
            Thread.onSpinWait();
        } finally {
            inCall.set(false);
        }
    }

    private void enter() {
        if (!inCall.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
        }
    }
}
