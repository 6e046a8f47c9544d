package dev.hark.application.service;

import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import java.util.List;
import java.util.stream.Collectors;

/**
 * After a recognizer stream is replaced, audio is replayed from the acknowledged watermark, so
 * a new final may overlap what was already delivered. This trims such a final to the part
 * after {@code deliveredThrough} (both on the session clock), so no word reaches the client twice (H23).
 */
final class ReplayOverlap {

    private ReplayOverlap() {
    }

    /** The part of {@code finalResult} after {@code deliveredThrough}, or {@code null} when nothing is new. */
    static Hypothesis trim(Hypothesis finalResult, long deliveredThrough) {
        SampleSpan span = finalResult.span();
        if (span.end() <= deliveredThrough) {
            return null;
        }
        if (span.start() >= deliveredThrough) {
            return finalResult;
        }
        List<Word> fresh = finalResult.words().stream().filter(word -> word.span().end() > deliveredThrough).toList();
        if (finalResult.words().isEmpty()) {
            return new Hypothesis(true, finalResult.text(), new SampleSpan(deliveredThrough, span.end()), List.of(),
                    finalResult.speechFinal(), finalResult.fromFinalize());
        }
        if (fresh.isEmpty()) {
            return null;
        }
        String text = fresh.size() == finalResult.words().size()
                ? finalResult.text() : fresh.stream().map(Word::text).collect(Collectors.joining(" "));
        long start = Math.max(deliveredThrough, fresh.getFirst().span().start());
        return new Hypothesis(true, text, new SampleSpan(Math.min(start, span.end()), span.end()), fresh,
                finalResult.speechFinal(), finalResult.fromFinalize());
    }
}
