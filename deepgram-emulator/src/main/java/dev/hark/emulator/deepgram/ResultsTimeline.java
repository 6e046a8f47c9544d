package dev.hark.emulator.deepgram;

import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Turns a recognizer's hypotheses and progress into what Deepgram would send
 * (deepgram-protocol.md §3): Results windows on the audio clock, SpeechStarted at the first
 * words of an utterance, UtteranceEnd once the audio passes the last word by
 * {@code utterance_end_ms} (also after a speech-final final, as Deepgram does), empty interims
 * about once a second of silence, and {@code from_finalize} on the finals a Finalize flushed.
 *
 * <p>A Finalize is matched to the recognizer's output by position: it marks how much audio
 * had been sent. The first non-speech-final final after the mark is its flush. When the
 * recognizer reports progress past the mark (or closes) and no such final came, the flush had
 * nothing to say and an empty {@code from_finalize} final stands in for it, so a client that
 * waits for the flush is answered. Real Deepgram does not promise that reply when little audio
 * was buffered.
 *
 * <p>Not thread-safe: the connection's lane owns it. Recognizer speech events are not used;
 * these events are derived from hypotheses so that every recognizer gets them.
 */
final class ResultsTimeline {

    private final int sampleRate;
    private final boolean interims;
    private final boolean vadEvents;
    private final long utteranceEndSamples;

    private final Deque<Long> pendingFinalizes = new ArrayDeque<>();
    /** End of the last final: where the next window starts. */
    private long cursor;
    private long processed;
    /** Where on the clock the last Results message ended; paces empty interims. */
    private long lastResultEnd;
    private boolean inUtterance;
    private boolean utteranceEndArmed;
    private long lastWordEnd;

    /** @param utteranceEndMs 0 for no UtteranceEnd; ignored without interims, as on Deepgram */
    ResultsTimeline(int sampleRate, boolean interims, boolean vadEvents, int utteranceEndMs) {
        this.sampleRate = sampleRate;
        this.interims = interims;
        this.vadEvents = vadEvents;
        this.utteranceEndSamples = interims ? (long) utteranceEndMs * sampleRate / 1000 : 0;
    }

    /** A Finalize arrived after {@code audioSentSamples} samples had been handed to the recognizer. */
    void finalizeRequested(long audioSentSamples) {
        pendingFinalizes.addLast(audioSentSamples);
    }

    List<Emission> hypothesis(Hypothesis hypothesis) {
        List<Emission> out = new ArrayList<>();
        if (!hypothesis.isFinal() && !interims) {
            return out;
        }
        if (!hypothesis.isBlank() && !inUtterance) {
            inUtterance = true;
            utteranceEndArmed = false;
            if (vadEvents) {
                out.add(new Emission.SpeechStart(Math.max(cursor, hypothesis.span().start())));
            }
        }
        if (!hypothesis.isFinal()) {
            long end = max(cursor, hypothesis.span().end(), processed);
            out.add(new Emission.Transcript(cursor, end, false, false, false, hypothesis.words()));
            lastResultEnd = Math.max(lastResultEnd, end);
            return out;
        }
        boolean fromFinalize = !hypothesis.speechFinal() && !pendingFinalizes.isEmpty();
        long flushMark = fromFinalize ? pendingFinalizes.removeFirst() : 0;
        long end = max(cursor, hypothesis.span().end(), Math.max(processed, flushMark));
        out.add(finalWindow(end, hypothesis.speechFinal(), fromFinalize, hypothesis.words()));
        inUtterance = false;
        if (!hypothesis.words().isEmpty() && utteranceEndSamples > 0) {
            lastWordEnd = hypothesis.words().getLast().span().end();
            utteranceEndArmed = true;
        }
        return out;
    }

    /** The recognizer has consumed the audio through {@code processedSamples}. */
    List<Emission> progress(long processedSamples) {
        processed = Math.max(processed, processedSamples);
        List<Emission> out = new ArrayList<>();
        while (!pendingFinalizes.isEmpty() && pendingFinalizes.peekFirst() < processed) {
            out.add(emptyFlush(pendingFinalizes.removeFirst()));
        }
        utteranceEnd().ifPresent(out::add);
        if (interims && !inUtterance && processed - lastResultEnd >= sampleRate) {
            out.add(new Emission.Transcript(cursor, processed, false, false, false, List.of()));
            lastResultEnd = processed;
        }
        return out;
    }

    /** The recognizer delivered its last final for {@code totalSamples} of audio. */
    List<Emission> closed(long totalSamples) {
        processed = Math.max(processed, totalSamples);
        List<Emission> out = new ArrayList<>();
        while (!pendingFinalizes.isEmpty()) {
            out.add(emptyFlush(pendingFinalizes.removeFirst()));
        }
        utteranceEnd().ifPresent(out::add);
        return out;
    }

    private Optional<Emission> utteranceEnd() {
        if (utteranceEndArmed && !inUtterance && processed >= lastWordEnd + utteranceEndSamples) {
            utteranceEndArmed = false;
            return Optional.of(new Emission.UtteranceEnd(lastWordEnd));
        }
        return Optional.empty();
    }

    private Emission emptyFlush(long flushMark) {
        return finalWindow(Math.max(cursor, flushMark), false, true, List.of());
    }

    private Emission.Transcript finalWindow(long end, boolean speechFinal, boolean fromFinalize, List<Word> words) {
        Emission.Transcript window = new Emission.Transcript(cursor, end, true, speechFinal, fromFinalize, words);
        cursor = end;
        lastResultEnd = Math.max(lastResultEnd, end);
        return window;
    }

    private static long max(long a, long b, long c) {
        return Math.max(a, Math.max(b, c));
    }
}
