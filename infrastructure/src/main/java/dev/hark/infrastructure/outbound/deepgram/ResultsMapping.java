package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.ResultWord;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Results;
import java.util.List;
import java.util.Optional;

/**
 * Deepgram {@code Results} as Hark hypotheses.
 *
 * <p>A hypothesis spans Deepgram's whole window {@code [start, start + duration)}, not just its
 * words. The session acknowledges its audio ledger through a final's end and replays the rest
 * after a reconnect; Deepgram's finals cover consecutive, non-overlapping windows, so the window
 * end is exactly how far Deepgram has settled the audio. A span cut at the last word would leave
 * the trailing silence unacknowledged, replay it into the next stream, and make interims that
 * only extend into silence look stale. Words keep their own, tighter timings.
 *
 * <p>Empty transcripts (silence, the empty final endpointing sends) give no hypothesis: a client
 * must never see a blank transcript. {@link #processedThrough} is reported for every
 * {@code Results}, empty or not, because it is the session watchdog's proof of life.
 */
final class ResultsMapping {

    private final SampleClock clock;

    ResultsMapping(SampleClock clock) {
        this.clock = clock;
    }

    /** The hypothesis in {@code results}, or empty when its transcript is blank. */
    Optional<Hypothesis> hypothesis(Results results) {
        if (results.transcript().isBlank()) {
            return Optional.empty();
        }
        long start = clock.sampleAt(results.start());
        SampleSpan span = new SampleSpan(start, Math.max(start, processedThrough(results)));
        List<Word> words = results.words().stream().map(this::word).toList();
        String text = results.transcript().strip();
        if (!results.isFinal()) {
            return Optional.of(Hypothesis.interim(text, span, words));
        }
        return Optional.of(new Hypothesis(true, text, span, words, results.speechFinal(), results.fromFinalize()));
    }

    /** The end of the window {@code results} covers, in samples. */
    long processedThrough(Results results) {
        return clock.sampleAt(results.start() + results.duration());
    }

    private Word word(ResultWord word) {
        String text = word.punctuatedWord().isEmpty() ? word.word() : word.punctuatedWord();
        long start = clock.sampleAt(word.start());
        long end = Math.max(start, clock.sampleAt(word.end()));
        double confidence = Double.isNaN(word.confidence()) ? 0.0 : Math.clamp(word.confidence(), 0.0, 1.0);
        return new Word(text, new SampleSpan(start, end), confidence);
    }
}
