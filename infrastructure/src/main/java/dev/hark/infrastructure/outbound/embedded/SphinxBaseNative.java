package dev.hark.infrastructure.outbound.embedded;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** JNA view of the configuration and log-math parts of {@code libsphinxbase.so.3}. */
interface SphinxBaseNative extends Library {

    static SphinxBaseNative load(String library) {
        return Native.load(library, SphinxBaseNative.class);
    }

    /** {@code cmd_ln_init(NULL, ps_args(), 1, "-name", "value", ..., NULL)}: the varargs end with a null. */
    Pointer cmd_ln_init(Pointer inoutCmdln, Pointer definitions, int strict, Object... nameValuePairsThenNull);

    int cmd_ln_free_r(Pointer cmdln);

    /**
     * {@code err_set_logfp(NULL)} turns the library's logging off for the whole process. The log is
     * one global {@code FILE*}; setting it per decoder ({@code -logfn}) fclose()s the previous one,
     * which races with other decoders being created or logging.
     */
    void err_set_logfp(Pointer stream);

    double logmath_exp(Pointer logmath, int logbP);
}
