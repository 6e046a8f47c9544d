package dev.hark.infrastructure.outbound.embedded;

import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes a decoder's live cepstral mean: the running average of the audio's cepstra
 * that the engine subtracts before scoring, which it adapts to each speaker and microphone as it
 * decodes. A decoder fresh from {@code ps_init} starts from the model's {@code -cmninit}; until
 * it has adapted, tight search settings lose words. Seeding a stream with the mean recent streams
 * ended with avoids that.
 *
 * <p>PocketSphinx 5prealpha has {@code cmn_live_get}/{@code cmn_live_set} but reaches the
 * {@code cmn_t} they need only as a field of {@code feat_t}. This class reads that field at its
 * offset in Debian's 64-bit build, and only after proving the offset right on a fresh decoder:
 * the mean read there must equal the {@code -cmninit} the decoder was configured with. When it
 * does not (another build of the library), {@link #verify} says so and Hark does without.
 */
final class CepstralMeans {

    private static final Logger LOG = LoggerFactory.getLogger(CepstralMeans.class);
    /** {@code feat_t.cepsize} and {@code feat_t.cmn_struct} in sphinxbase 5prealpha on LP64. */
    static final long CEPSIZE_OFFSET = 16;
    static final long CMN_STRUCT_OFFSET = 88;
    private static final int MAX_CEPSTRA = 64;
    private static final float TOLERANCE = 0.01f;

    private final PocketSphinxNative pocketsphinx;
    private final SphinxBaseNative sphinxbase;

    private CepstralMeans(PocketSphinxNative pocketsphinx, SphinxBaseNative sphinxbase) {
        this.pocketsphinx = pocketsphinx;
        this.sphinxbase = sphinxbase;
    }

    /** Access to the means of decoders like {@code freshDecoder}, if it reads back its configured initial mean. */
    static Optional<CepstralMeans> verify(PocketSphinxNative pocketsphinx, SphinxBaseNative sphinxbase,
                                          Pointer freshDecoder) {
        CepstralMeans means = new CepstralMeans(pocketsphinx, sphinxbase);
        try {
            String configured = sphinxbase.cmd_ln_str_r(pocketsphinx.ps_get_config(freshDecoder), "-cmninit");
            float[] expected = parse(configured);
            float[] actual = means.read(freshDecoder);
            if (actual != null && matches(expected, actual)) {
                return Optional.of(means);
            }
            LOG.warn("cannot read the engine's cepstral means in this build (read {}, configured {});"
                    + " streams start from the model's initial mean", Arrays.toString(actual), configured);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the engine's cepstral means in this build; streams start from the model's"
                    + " initial mean", e);
        }
        return Optional.empty();
    }

    /** The decoder's current mean, or null when its feature module looks unlike the verified one. */
    float[] read(Pointer decoder) {
        Pointer cmn = cmn(decoder);
        if (cmn == null) {
            return null;
        }
        float[] mean = new float[cepstra(decoder)];
        sphinxbase.cmn_live_get(cmn, mean);
        return mean;
    }

    void write(Pointer decoder, float[] mean) {
        Pointer cmn = cmn(decoder);
        if (cmn != null && mean.length == cepstra(decoder)) {
            sphinxbase.cmn_live_set(cmn, mean);
        }
    }

    private Pointer cmn(Pointer decoder) {
        Pointer feat = pocketsphinx.ps_get_feat(decoder);
        int cepstra = feat == null ? 0 : feat.getInt(CEPSIZE_OFFSET);
        return cepstra < 1 || cepstra > MAX_CEPSTRA ? null : feat.getPointer(CMN_STRUCT_OFFSET);
    }

    private int cepstra(Pointer decoder) {
        return pocketsphinx.ps_get_feat(decoder).getInt(CEPSIZE_OFFSET);
    }

    private static float[] parse(String commaSeparated) {
        String[] parts = commaSeparated.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i].trim());
        }
        return values;
    }

    /** The configured values (fewer than the cepstra is allowed: the rest start at 0) within a rounding error. */
    private static boolean matches(float[] expected, float[] actual) {
        if (expected.length > actual.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            float want = i < expected.length ? expected[i] : 0f;
            if (Math.abs(actual[i] - want) > TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}
