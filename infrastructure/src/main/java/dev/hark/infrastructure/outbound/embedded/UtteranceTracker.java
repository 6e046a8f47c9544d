package dev.hark.infrastructure.outbound.embedded;

import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Word;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Drives one decoder the way {@code pocketsphinx_continuous} does and turns what it hears
 * into hypotheses on the stream's clock: a final each time the engine's voice detector
 * leaves speech (or when forced), interims in between, at most one per
 * {@code interimIntervalSamples} of audio and only when the text changed, and a speech start
 * each time the voice detector enters speech (at the start of the block that tipped it). The decoder's
 * stream is (re)started with this tracker, so engine frames and the stream's sample clock
 * share their origin. Only the stream's lane calls it, so it needs no locks.
 */
final class UtteranceTracker {

    /** The engine's frame is 10 ms; at 16 kHz that is 160 samples. */
    static final int SAMPLES_PER_FRAME = 160;

    private final SpeechDecoder decoder;
    private final boolean interims;
    private final long interimIntervalSamples;
    private final Consumer<Hypothesis> sink;
    private final Consumer<SpeechEvent> speechEvents;

    private long position;
    private long utteranceStart;
    private boolean wasInSpeech;
    private long nextInterimAt;
    private String lastInterim = "";

    UtteranceTracker(SpeechDecoder decoder, boolean interims, long interimIntervalSamples, Consumer<Hypothesis> sink,
                     Consumer<SpeechEvent> speechEvents) {
        this.decoder = decoder;
        this.interims = interims;
        this.interimIntervalSamples = interimIntervalSamples;
        this.sink = sink;
        this.speechEvents = speechEvents;
    }

    /** Restarts the decoder's clock at sample 0 of this stream and opens the first utterance. */
    void startStream() {
        decoder.startStream();
        begin();
    }

    /** Opens an utterance at the current position. */
    private void begin() {
        decoder.startUtterance();
        utteranceStart = position;
        wasInSpeech = false;
        nextInterimAt = position;
        lastInterim = "";
    }

    /** Decodes 16-bit little-endian PCM, as the client sent it. */
    void accept(byte[] pcm) {
        decoder.process(pcm);
        long blockStart = position;
        position += pcm.length / 2;
        boolean inSpeech = decoder.inSpeech();
        if (wasInSpeech && !inSpeech) {
            end(true, false);
            begin();
            return;
        }
        if (!wasInSpeech && inSpeech) {
            speechEvents.accept(new SpeechEvent.SpeechStarted(blockStart));
        }
        wasInSpeech = inSpeech;
        if (inSpeech && interims && position >= nextInterimAt) {
            nextInterimAt = position + interimIntervalSamples;
            emitInterim();
        }
    }

    /**
     * Ends the open utterance on request (a finalize), emitting its final if it has words, and
     * opens the next. The speaker may not have stopped, so the final is not speech-final; it is
     * marked as the finalize's answer.
     */
    void cut() {
        end(false, true);
        begin();
    }

    /** Ends the open utterance, emitting its final if it has words; nothing when none is open. */
    void finish() {
        end(false, false);
    }

    /**
     * @param speechEnded the engine's voice activity detector heard the speaker stop
     * @param forced      a finalize asked for it
     */
    private void end(boolean speechEnded, boolean forced) {
        if (!decoder.utteranceOpen()) {
            return;
        }
        decoder.endUtterance();
        Hypothesis result = hypothesis(true, speechEnded);
        if (forced) {
            result = result.answeringFinalize();
        }
        if (!result.isBlank()) {
            sink.accept(result);
        }
    }

    private void emitInterim() {
        Hypothesis interim = hypothesis(false, false);
        if (!interim.isBlank() && !interim.text().equals(lastInterim)) {
            lastInterim = interim.text();
            sink.accept(interim);
        }
    }

    private Hypothesis hypothesis(boolean isFinal, boolean speechFinal) {
        List<Word> words = decoder.words().stream().map(this::onStreamClock).toList();
        String text = words.isEmpty()
                ? decoder.hypothesis()
                : words.stream().map(Word::text).collect(Collectors.joining(" "));
        SampleSpan span = words.isEmpty()
                ? new SampleSpan(utteranceStart, position)
                : new SampleSpan(words.stream().mapToLong(word -> word.span().start()).min().orElseThrow(),
                        words.stream().mapToLong(word -> word.span().end()).max().orElseThrow());
        return new Hypothesis(isFinal, text, span, words, speechFinal);
    }

    private Word onStreamClock(DecodedWord word) {
        long end = Math.min(position, (word.endFrame() + 1L) * SAMPLES_PER_FRAME);
        long start = Math.min(end, (long) word.startFrame() * SAMPLES_PER_FRAME);
        return new Word(word.text(), new SampleSpan(start, end), word.confidence());
    }
}
