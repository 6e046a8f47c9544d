package dev.hark.infrastructure.outbound.echo;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every callback in order, with the thread it came on; counts overlapping calls and calls after the end. */
class EchoListener implements RecognitionListener {

    static final String CLOSED = "closed";

    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger afterEnd = new AtomicInteger();
    private final AtomicBoolean inCall = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    @Override
    public void onHypothesis(Hypothesis hypothesis) {
        record(hypothesis, false);
    }

    @Override
    public void onProgress(long processedSamples) {
        record(processedSamples, false);
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

    List<Hypothesis> finals() {
        return events.stream().filter(Hypothesis.class::isInstance).map(Hypothesis.class::cast).toList();
    }

    List<Long> progress() {
        return events.stream().filter(Long.class::isInstance).map(Long.class::cast).toList();
    }

    private void record(Object event, boolean terminal) {
        if (!inCall.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
        }
        try {
            if (ended.get()) {
                afterEnd.incrementAndGet();
            }
            ended.compareAndSet(false, terminal);
            events.add(event);
            threads.add(Thread.currentThread());
            Thread.onSpinWait();
        } finally {
            inCall.set(false);
        }
    }
}
