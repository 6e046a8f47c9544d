package dev.hark.infrastructure.outbound.embedded;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * JNA view of the parts of {@code libpocketsphinx.so.3} (0.8+5prealpha) Hark uses. Pointers
 * stay opaque: {@code ps_decoder_t*}, {@code cmd_ln_t*}, {@code ps_seg_t*}, {@code logmath_t*}.
 */
interface PocketSphinxNative extends Library {

    static PocketSphinxNative load(String library) {
        return Native.load(library, PocketSphinxNative.class);
    }

    Pointer ps_args();

    Pointer ps_init(Pointer config);

    int ps_free(Pointer ps);

    /** Resets noise estimates and the frame clock: segment times are counted from here. */
    int ps_start_stream(Pointer ps);

    int ps_start_utt(Pointer ps);

    /** {@code data} points at {@code nSamples} native-endian 16-bit samples. */
    int ps_process_raw(Pointer ps, Pointer data, long nSamples, int noSearch, int fullUtt);

    byte ps_get_in_speech(Pointer ps);

    int ps_end_utt(Pointer ps);

    String ps_get_hyp(Pointer ps, IntByReference outBestScore);

    Pointer ps_seg_iter(Pointer ps);

    /** Frees {@code seg} and returns null at the end, so never call {@link #ps_seg_free} after that. */
    Pointer ps_seg_next(Pointer seg);

    String ps_seg_word(Pointer seg);

    void ps_seg_frames(Pointer seg, IntByReference outStartFrame, IntByReference outEndFrame);

    int ps_seg_prob(Pointer seg, IntByReference outAscr, IntByReference outLscr, IntByReference outLback);

    void ps_seg_free(Pointer seg);

    Pointer ps_get_logmath(Pointer ps);
}
