package dev.hark.infrastructure.outbound.embedded;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One native {@code ps_decoder_t}. Confined to one thread at a time by its owner (see {@link SpeechDecoder}). */
final class PocketSphinxDecoder implements SpeechDecoder {

    private final PocketSphinxNative pocketsphinx;
    private final SphinxBaseNative sphinxbase;
    private Pointer decoder;
    private boolean utteranceOpen;

    PocketSphinxDecoder(PocketSphinxNative pocketsphinx, SphinxBaseNative sphinxbase, Pointer decoder) {
        this.pocketsphinx = pocketsphinx;
        this.sphinxbase = sphinxbase;
        this.decoder = decoder;
    }

    @Override
    public void startStream() {
        check(pocketsphinx.ps_start_stream(live()), "ps_start_stream");
    }

    @Override
    public void startUtterance() {
        check(pocketsphinx.ps_start_utt(live()), "ps_start_utt");
        utteranceOpen = true;
    }

    @Override
    public void process(short[] samples) {
        check(pocketsphinx.ps_process_raw(live(), samples, samples.length, 0, 0), "ps_process_raw");
    }

    @Override
    public boolean inSpeech() {
        return pocketsphinx.ps_get_in_speech(live()) != 0;
    }

    @Override
    public void endUtterance() {
        utteranceOpen = false;
        check(pocketsphinx.ps_end_utt(live()), "ps_end_utt");
    }

    @Override
    public boolean utteranceOpen() {
        return utteranceOpen;
    }

    @Override
    public String hypothesis() {
        return SphinxTokens.text(pocketsphinx.ps_get_hyp(live(), new IntByReference()));
    }

    @Override
    public List<DecodedWord> words() {
        Pointer logmath = pocketsphinx.ps_get_logmath(live());
        List<DecodedWord> words = new ArrayList<>();
        IntByReference start = new IntByReference();
        IntByReference end = new IntByReference();
        IntByReference unused = new IntByReference();
        for (Pointer seg = pocketsphinx.ps_seg_iter(live()); seg != null; seg = pocketsphinx.ps_seg_next(seg)) {
            Optional<String> word = SphinxTokens.word(pocketsphinx.ps_seg_word(seg));
            if (word.isEmpty()) {
                continue;
            }
            pocketsphinx.ps_seg_frames(seg, start, end);
            int logProbability = pocketsphinx.ps_seg_prob(seg, unused, unused, unused);
            double confidence = sphinxbase.logmath_exp(logmath, logProbability);
            int startFrame = Math.max(0, start.getValue());
            words.add(new DecodedWord(word.get(), startFrame, Math.max(startFrame, end.getValue()), confidence));
        }
        return words;
    }

    @Override
    public void close() {
        if (decoder != null) {
            pocketsphinx.ps_free(decoder);
            decoder = null;
        }
    }

    private Pointer live() {
        if (decoder == null) {
            throw new IllegalStateException("decoder already freed");
        }
        return decoder;
    }

    private static void check(int result, String call) {
        if (result < 0) {
            throw new DecoderException(call + " returned " + result);
        }
    }
}
