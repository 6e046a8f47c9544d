package dev.hark.infrastructure.outbound.embedded;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One native {@code ps_decoder_t}. Confined to one thread at a time by its owner (see {@link SpeechDecoder}). */
final class PocketSphinxDecoder implements SpeechDecoder {

    /** 100 ms at 16 kHz, the session's usual chunk. */
    private static final int INITIAL_BUFFER_BYTES = 3_200;

    private final PocketSphinxNative pocketsphinx;
    private final SphinxBaseNative sphinxbase;
    private Pointer decoder;
    private boolean utteranceOpen;
    /** Native memory the samples are copied into for the engine; grows to the largest chunk, then is reused. */
    private Memory samples = new Memory(INITIAL_BUFFER_BYTES);

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

    /** One copy into native memory, no conversion: the engine reads little-endian samples as they are. */
    @Override
    public void process(byte[] pcm) {
        Pointer ps = live();
        if (pcm.length > samples.size()) {
            samples.close();
            samples = new Memory(pcm.length);
        }
        samples.write(0, pcm, 0, pcm.length);
        check(pocketsphinx.ps_process_raw(ps, samples, pcm.length / 2, 0, 0), "ps_process_raw");
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
            samples.close();
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
