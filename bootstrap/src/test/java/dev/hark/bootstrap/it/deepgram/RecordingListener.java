package dev.hark.bootstrap.it.deepgram;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Records everything a recognizer stream tells its listener, in order, and lets a test wait
 * for the next final or the ending with a bound instead of sleeping. Progress reports are
 * counted but kept out of the event list (they are only proof of life).
 */
final class RecordingListener implements RecognitionListener {

    /** One listener call other than progress. */
    sealed interface Event permits Heard, Voice, Closed, Failed {
    }

    record Heard(Hypothesis hypothesis) implements Event {
    }

    record Voice(SpeechEvent event) implements Event {
    }

    record Closed() implements Event {
    }

    record Failed(RecognizerException failure) implements Event {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Event> pending = new LinkedBlockingQueue<>();
    private volatile long progressReports;

    @Override
    public void onHypothesis(Hypothesis hypothesis) {
        record(new Heard(hypothesis));
    }

    @Override
    public void onProgress(long processedSamples) {
        progressReports++;
    }

    @Override
    public void onSpeechEvent(SpeechEvent event) {
        record(new Voice(event));
    }

    @Override
    public void onClosed() {
        record(new Closed());
    }

    @Override
    public void onFailed(RecognizerException failure) {
        record(new Failed(failure));
    }

    private void record(Event event) {
        events.add(event);
        pending.add(event);
    }

    /** Every call so far, in order. */
    List<Event> events() {
        return List.copyOf(events);
    }

    List<Hypothesis> finals() {
        return hypotheses().stream().filter(Hypothesis::isFinal).toList();
    }

    List<Hypothesis> interims() {
        return hypotheses().stream().filter(h -> !h.isFinal()).toList();
    }

    List<SpeechEvent> speechEvents() {
        return events.stream().filter(Voice.class::isInstance).map(e -> ((Voice) e).event()).toList();
    }

    /** The words of every final, in order, joined by single spaces. */
    String finalText() {
        return finals().stream().map(Hypothesis::text).collect(Collectors.joining(" "));
    }

    /** The terminal calls ({@code onClosed}, {@code onFailed}) made so far. */
    List<Event> endings() {
        return events.stream().filter(e -> e instanceof Closed || e instanceof Failed).toList();
    }

    long progressReports() {
        return progressReports;
    }

    /** Waits for the next final not yet consumed by an await; fails on an ending or the timeout. */
    Hypothesis awaitFinal(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no final within " + timeout + "; heard " + events);
            }
            if (event instanceof Heard heard && heard.hypothesis().isFinal()) {
                return heard.hypothesis();
            }
            if (event instanceof Closed || event instanceof Failed) {
                throw new AssertionError("the stream ended before a final: " + event);
            }
        }
    }

    /** Waits for the first ending not yet consumed; fails on the timeout. */
    Event awaitEnding(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("the stream did not end within " + timeout + "; heard " + events);
            }
            if (event instanceof Closed || event instanceof Failed) {
                return event;
            }
        }
    }

    private List<Hypothesis> hypotheses() {
        return events.stream().filter(Heard.class::isInstance).map(e -> ((Heard) e).hypothesis()).toList();
    }
}
