package dev.hark.infrastructure.outbound.embedded;

import java.util.List;

/**
 * PocketSphinx's search settings: how much of the search space each 10 ms frame explores.
 * {@link #defaults()} are the engine's own, what {@code pocketsphinx_continuous} runs with.
 * {@link #fast()} keeps fewer active HMMs, word exits and Gaussians per frame: about 0.76 of the
 * CPU, and as accurate on whole speech fixtures, but it loses words when a replacement stream
 * replays an utterance from its middle after a recognizer failure (RecognizerRecoveryIT's H23 case
 * failed in 5 of 8 runs with it and in none of 8 with the defaults), so it is an opt-in for
 * operators who trade that for capacity (docs/performance.md has the measurements).
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

    /** The engine's own defaults, as {@code pocketsphinx_continuous} runs without options; Hark's too. */
    public static SearchSettings defaults() {
        return new SearchSettings(1, 4, 1e-48, 7e-29, 1e-48, 30000, -1, 5, true, true);
    }

    /** The speed preset: {@code -topn 3 -maxhmmpf 4000 -maxwpf 10}; see the class comment for its cost. */
    public static SearchSettings fast() {
        return new SearchSettings(1, 3, 1e-48, 7e-29, 1e-48, 4000, 10, 5, true, true);
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
