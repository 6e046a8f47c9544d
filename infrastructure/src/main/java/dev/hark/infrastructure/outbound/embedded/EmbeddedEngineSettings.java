package dev.hark.infrastructure.outbound.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded engine. {@link #defaults()} fits Debian's {@code libpocketsphinx3}
 * and {@code pocketsphinx-en-us} packages, so Hark runs out of the box.
 *
 * @param pocketsphinxLibrary library name or absolute path for JNA ({@code libpocketsphinx.so.3})
 * @param sphinxbaseLibrary   library name or absolute path for JNA ({@code libsphinxbase.so.3})
 * @param maxDecoders         hard bound on live decoders (about 95 MB each); one per open stream
 * @param warmDecoders        decoders created at start so the first streams skip the ~0.5 s init
 * @param interimInterval     at most one interim hypothesis per this much audio
 * @param capacityRetryAfter  retry hint sent with {@code CAPACITY_EXHAUSTED}
 * @param maxBacklog          audio a stream may queue ahead of its decoder before it fails,
 *                            so a starved decoder cannot grow memory without bound
 */
public record EmbeddedEngineSettings(
        String pocketsphinxLibrary,
        String sphinxbaseLibrary,
        Path acousticModel,
        Path languageModel,
        Path dictionary,
        int maxDecoders,
        int warmDecoders,
        Duration interimInterval,
        Duration capacityRetryAfter,
        Duration maxBacklog) {

    public static final Path DEBIAN_MODEL_DIR = Path.of("/usr/share/pocketsphinx/model/en-us");

    public EmbeddedEngineSettings {
        Objects.requireNonNull(pocketsphinxLibrary, "pocketsphinxLibrary");
        Objects.requireNonNull(sphinxbaseLibrary, "sphinxbaseLibrary");
        Objects.requireNonNull(acousticModel, "acousticModel");
        Objects.requireNonNull(languageModel, "languageModel");
        Objects.requireNonNull(dictionary, "dictionary");
        if (maxDecoders < 1) {
            throw new IllegalArgumentException("maxDecoders must be at least 1");
        }
        if (warmDecoders < 0 || warmDecoders > maxDecoders) {
            throw new IllegalArgumentException("warmDecoders must be within [0, maxDecoders]");
        }
        requirePositive(interimInterval, "interimInterval");
        requirePositive(capacityRetryAfter, "capacityRetryAfter");
        requirePositive(maxBacklog, "maxBacklog");
    }

    /** Debian paths, 4 decoders at most, 1 warm, 250 ms interims, 2 s retry hint, 30 s backlog. */
    public static EmbeddedEngineSettings defaults() {
        return new EmbeddedEngineSettings(
                "libpocketsphinx.so.3",
                "libsphinxbase.so.3",
                DEBIAN_MODEL_DIR.resolve("en-us"),
                DEBIAN_MODEL_DIR.resolve("en-us.lm.bin"),
                DEBIAN_MODEL_DIR.resolve("cmudict-en-us.dict"),
                4,
                1,
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                Duration.ofSeconds(30));
    }

    public EmbeddedEngineSettings withDecoders(int max, int warm) {
        return new EmbeddedEngineSettings(pocketsphinxLibrary, sphinxbaseLibrary, acousticModel, languageModel,
                dictionary, max, warm, interimInterval, capacityRetryAfter, maxBacklog);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
