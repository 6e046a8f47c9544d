package dev.hark.infrastructure.outbound.embedded;

import com.sun.jna.Pointer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The loaded native libraries plus the model configuration: a {@link DecoderFactory} for real
 * PocketSphinx decoders. Loading checks the model files first, because the engine itself only
 * says "NULL" (its log goes to {@code /dev/null}) when a path is wrong.
 */
final class PocketSphinxEngine implements DecoderFactory {

    private final PocketSphinxNative pocketsphinx;
    private final SphinxBaseNative sphinxbase;
    private final EmbeddedEngineSettings settings;

    private PocketSphinxEngine(PocketSphinxNative pocketsphinx, SphinxBaseNative sphinxbase,
                               EmbeddedEngineSettings settings) {
        this.pocketsphinx = pocketsphinx;
        this.sphinxbase = sphinxbase;
        this.settings = settings;
    }

    /** @throws IllegalStateException when a model file is missing or a library cannot be loaded */
    static PocketSphinxEngine load(EmbeddedEngineSettings settings) {
        requireReadable(settings.acousticModel(), "acoustic model directory");
        requireReadable(settings.languageModel(), "language model");
        requireReadable(settings.dictionary(), "dictionary");
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            // decoders hand the client's little-endian PCM to the engine as it is, without converting
            throw new IllegalStateException("the embedded engine needs a little-endian machine");
        }
        try {
            SphinxBaseNative sphinxbase = SphinxBaseNative.load(settings.sphinxbaseLibrary());
            PocketSphinxNative pocketsphinx = PocketSphinxNative.load(settings.pocketsphinxLibrary());
            sphinxbase.err_set_logfp(null); // once per process, never per decoder: see create()
            return new PocketSphinxEngine(pocketsphinx, sphinxbase, settings);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("cannot load PocketSphinx (" + settings.pocketsphinxLibrary() + ", "
                    + settings.sphinxbaseLibrary() + "); is libpocketsphinx3 installed?", e);
        }
    }

    /**
     * Creates decoders one at a time, process-wide. The engine's logging and configuration
     * parsing share global state: with {@code -logfn} per decoder, two creations at once closed
     * the same log {@code FILE*} twice and decoders wrote into a closed one, and the JVM died in
     * libc (PocketSphinxEngineIT). Logging is now off once at {@link #load}, and creation, rare
     * and ~0.5 s, is serialized as well so no other global of {@code ps_init} is shared unguarded.
     */
    @Override
    public SpeechDecoder create() {
        synchronized (PocketSphinxEngine.class) {
            return createAlone();
        }
    }

    private SpeechDecoder createAlone() {
        Pointer config = sphinxbase.cmd_ln_init(null, pocketsphinx.ps_args(), 1, arguments(settings));
        if (config == null) {
            throw new DecoderException("cmd_ln_init rejected the engine configuration");
        }
        try {
            Pointer decoder = pocketsphinx.ps_init(config);
            if (decoder == null) {
                throw new DecoderException("ps_init failed; check the model files");
            }
            return new PocketSphinxDecoder(pocketsphinx, sphinxbase, decoder);
        } finally {
            sphinxbase.cmd_ln_free_r(config); // ps_init keeps its own reference
        }
    }

    /** Name/value pairs for {@code cmd_ln_init}, ending with the null its varargs need. */
    static Object[] arguments(EmbeddedEngineSettings settings) {
        List<Object> arguments = new ArrayList<>(List.of(
                "-hmm", settings.acousticModel().toString(),
                "-lm", settings.languageModel().toString(),
                "-dict", settings.dictionary().toString()));
        arguments.addAll(settings.search().arguments());
        arguments.add(null);
        return arguments.toArray();
    }

    private static void requireReadable(Path path, String what) {
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("PocketSphinx " + what + " not readable: " + path);
        }
    }
}
