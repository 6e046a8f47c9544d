package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every callback in order and notices overlapping calls. */
final class RecordingListener implements RecognitionListener {

    final List<Object> events = new CopyOnWriteArrayList<>();
    final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicBoolean inCall = new AtomicBoolean();

    @Override
    public void onHypothesis(Hypothesis hypothesis) {
        record(hypothesis);
    }

    /** Progress reports, kept apart from {@link #events} so event-order assertions stay about results. */
    final List<Long> progress = new CopyOnWriteArrayList<>();

    @Override
    public void onProgress(long processedSamples) {
        progress.add(processedSamples);
    }

    @Override
    public void onSpeechEvent(SpeechEvent event) {
        speechEvents.add(event); // kept apart: they come between transcripts and would blur the sequence checks
    }

    final List<SpeechEvent> speechEvents = new CopyOnWriteArrayList<>();

    @Override
    public void onClosed() {
        record("closed");
    }

    @Override
    public void onFailed(RecognizerException failure) {
        record(failure);
    }

    List<Hypothesis> hypotheses() {
        return events.stream().filter(Hypothesis.class::isInstance).map(Hypothesis.class::cast).toList();
    }

    List<Hypothesis> interims() {
        return hypotheses().stream().filter(h -> !h.isFinal()).toList();
    }

    List<Hypothesis> finals() {
        return hypotheses().stream().filter(Hypothesis::isFinal).toList();
    }

    List<RecognizerException> failures() {
        return events.stream().filter(RecognizerException.class::isInstance)
                .map(RecognizerException.class::cast).toList();
    }

    long closedCount() {
        return events.stream().filter("closed"::equals).count();
    }

    private void record(Object event) {
        if (!inCall.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
        }
        try {
            events.add(event);
            Thread.onSpinWait();
        } finally {
            inCall.set(false);
        }
    }
}
