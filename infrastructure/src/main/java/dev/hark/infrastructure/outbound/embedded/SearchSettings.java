package dev.hark.infrastructure.outbound.embedded;

import java.util.List;

/**
 * PocketSphinx's search settings: how much of the search space each 10 ms frame explores. The
 * engine's own defaults ({@link #engineDefaults()}, what {@code pocketsphinx_continuous} uses)
 * spend much of their CPU on hypotheses that never win; {@link #defaults()} keeps fewer active
 * HMMs, word exits and Gaussians per frame, which decodes the speech fixtures with about 0.7 of
 * the CPU at the engine's word error rate or better (docs/performance.md has the measurements,
 * and the faster settings that cost accuracy).
 *
 * @param frameDownsampling  {@code -ds}: compute Gaussian scores on every n-th frame only
 * @param topGaussians       {@code -topn}: Gaussians scored per codebook per frame
 * @param beam               {@code -beam}: HMMs scoring this far below the best are pruned (smaller = wider)
 * @param wordBeam           {@code -wbeam}: the same for word exits
 * @param phoneBeam          {@code -pbeam}: the same for phone transitions
 * @param maxHmmsPerFrame    {@code -maxhmmpf}: active HMMs kept per frame, -1 for no limit
 * @param maxWordsPerFrame   {@code -maxwpf}: distinct word exits kept per frame, -1 for no limit
 * @param lookaheadWindow    {@code -pl_window}: frames of phonetic lookahead, 0 for none
 * @param flatSearch         {@code -fwdflat}: a second, flat-lexicon pass when an utterance ends
 * @param bestPath           {@code -bestpath}: a lattice best-path pass when an utterance ends
 */
public record SearchSettings(
        int frameDownsampling,
        int topGaussians,
        double beam,
        double wordBeam,
        double phoneBeam,
        int maxHmmsPerFrame,
        int maxWordsPerFrame,
        int lookaheadWindow,
        boolean flatSearch,
        boolean bestPath) {

    public SearchSettings {
        if (frameDownsampling < 1) {
            throw new IllegalArgumentException("frameDownsampling must be at least 1");
        }
        if (topGaussians < 1) {
            throw new IllegalArgumentException("topGaussians must be at least 1");
        }
        requireBeam(beam, "beam");
        requireBeam(wordBeam, "wordBeam");
        requireBeam(phoneBeam, "phoneBeam");
        requireLimit(maxHmmsPerFrame, "maxHmmsPerFrame");
        requireLimit(maxWordsPerFrame, "maxWordsPerFrame");
        if (lookaheadWindow < 0) {
            throw new IllegalArgumentException("lookaheadWindow must not be negative");
        }
    }

    /** Hark's defaults: chosen on the speech fixtures for speed at nearly the engine's accuracy. */
    public static SearchSettings defaults() {
        return new SearchSettings(1, 3, 1e-48, 7e-29, 1e-48, 4000, 10, 5, true, true);
    }

    /** The engine's own defaults, as {@code pocketsphinx_continuous} runs without options. */
    public static SearchSettings engineDefaults() {
        return new SearchSettings(1, 4, 1e-48, 7e-29, 1e-48, 30000, -1, 5, true, true);
    }

    /** As command-line name/value pairs, the way {@code cmd_ln_init} and {@code pocketsphinx_continuous} take them. */
    public List<String> arguments() {
        return List.of(
                "-ds", Integer.toString(frameDownsampling),
                "-topn", Integer.toString(topGaussians),
                "-beam", Double.toString(beam),
                "-wbeam", Double.toString(wordBeam),
                "-pbeam", Double.toString(phoneBeam),
                "-maxhmmpf", Integer.toString(maxHmmsPerFrame),
                "-maxwpf", Integer.toString(maxWordsPerFrame),
                "-pl_window", Integer.toString(lookaheadWindow),
                "-fwdflat", flatSearch ? "yes" : "no",
                "-bestpath", bestPath ? "yes" : "no");
    }

    private static void requireBeam(double value, String name) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1]");
        }
    }

    private static void requireLimit(int value, String name) {
        if (value == 0 || value < -1) {
            throw new IllegalArgumentException(name + " must be positive, or -1 for no limit");
        }
    }
}
