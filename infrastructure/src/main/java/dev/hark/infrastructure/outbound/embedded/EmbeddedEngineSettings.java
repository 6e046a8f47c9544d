package dev.hark.infrastructure.outbound.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded engine. {@link #defaults()} fits Debian's {@code libpocketsphinx3}
 * and {@code pocketsphinx-en-us} packages and the machine it runs on, so Hark runs out of the box.
 *
 * @param pocketsphinxLibrary library name or absolute path for JNA ({@code libpocketsphinx.so.3})
 * @param sphinxbaseLibrary   library name or absolute path for JNA ({@code libsphinxbase.so.3})
 * @param capacity            how many streams: decoders (memory) and decode CPU
 * @param search              the engine's search settings (speed against accuracy)
 * @param chunk               audio the session hands the engine at a time (its latency bound too):
 *                            decoders that take turns lose their models from the CPU caches in
 *                            between, so fewer, longer turns decode more audio per CPU second
 * @param interimInterval     at most one interim hypothesis per this much audio
 * @param maxBacklog          audio a stream may queue ahead of its decoder before it fails,
 *                            so a starved decoder cannot grow memory without bound
 */
public record EmbeddedEngineSettings(
        String pocketsphinxLibrary,
        String sphinxbaseLibrary,
        Path acousticModel,
        Path languageModel,
        Path dictionary,
        CapacitySettings capacity,
        SearchSettings search,
        Duration chunk,
        Duration interimInterval,
        Duration maxBacklog) {

    public static final Path DEBIAN_MODEL_DIR = Path.of("/usr/share/pocketsphinx/model/en-us");

    public EmbeddedEngineSettings {
        Objects.requireNonNull(pocketsphinxLibrary, "pocketsphinxLibrary");
        Objects.requireNonNull(sphinxbaseLibrary, "sphinxbaseLibrary");
        Objects.requireNonNull(acousticModel, "acousticModel");
        Objects.requireNonNull(languageModel, "languageModel");
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(search, "search");
        requirePositive(chunk, "chunk");
        requirePositive(interimInterval, "interimInterval");
        requirePositive(maxBacklog, "maxBacklog");
    }

    /** Debian paths, capacity for this machine, Hark's search settings, 250 ms chunks and interims, 30 s backlog. */
    public static EmbeddedEngineSettings defaults() {
        return new EmbeddedEngineSettings(
                "libpocketsphinx.so.3",
                "libsphinxbase.so.3",
                DEBIAN_MODEL_DIR.resolve("en-us"),
                DEBIAN_MODEL_DIR.resolve("en-us.lm.bin"),
                DEBIAN_MODEL_DIR.resolve("cmudict-en-us.dict"),
                CapacitySettings.forThisMachine(),
                SearchSettings.defaults(),
                Duration.ofMillis(250),
                Duration.ofMillis(250),
                Duration.ofSeconds(30));
    }

    public EmbeddedEngineSettings withDecoders(int max, int warm) {
        return withCapacity(capacity.withDecoders(max, warm));
    }

    public EmbeddedEngineSettings withCapacity(CapacitySettings newCapacity) {
        return new EmbeddedEngineSettings(pocketsphinxLibrary, sphinxbaseLibrary, acousticModel, languageModel,
                dictionary, newCapacity, search, chunk, interimInterval, maxBacklog);
    }

    public EmbeddedEngineSettings withSearch(SearchSettings newSearch) {
        return new EmbeddedEngineSettings(pocketsphinxLibrary, sphinxbaseLibrary, acousticModel, languageModel,
                dictionary, capacity, newSearch, chunk, interimInterval, maxBacklog);
    }

    static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
