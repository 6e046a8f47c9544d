package dev.hark.infrastructure.outbound.embedded;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How many streams the embedded engine takes, in its two separate currencies: decoders cost
 * memory (about 100 MB each, whether their stream speaks or not), decoding costs CPU (in
 * proportion to speech). {@link #forMachine} derives both bounds from the machine.
 *
 * @param maxDecoders           hard bound on live decoders, one per open stream (memory)
 * @param warmDecoders          decoders created at start so the first streams skip the ~0.5 s init
 * @param decodeCores           CPU the decoders may use, in cores; streams beyond it are refused
 *                              (see {@link DecodeCapacity})
 * @param initialRealTimeFactor CPU seconds per second of audio assumed before any is measured
 * @param admissionLag          new streams are refused while the decoders need longer than this
 *                              to work off the audio queued for them
 * @param retryAfter            retry hint sent with {@code CAPACITY_EXHAUSTED}
 */
public record CapacitySettings(
        int maxDecoders,
        int warmDecoders,
        double decodeCores,
        double initialRealTimeFactor,
        Duration admissionLag,
        Duration retryAfter) {

    /** Resident memory of one decoder with the en-us model, measured (docs/performance.md). */
    static final long BYTES_PER_DECODER = 100L << 20;
    /** Decoders per core: above what one core can decode at the default search settings. */
    static final int DECODERS_PER_CORE = 16;
    /** Decoders may take at most this share of physical memory by default. */
    static final int MEMORY_SHARE_DIVISOR = 4;
    /**
     * Share of the cores decoding may use by default: the rest of the server (network, sessions,
     * garbage collection: about a fifth of what decoding takes) and of the machine needs some, and
     * the lag bound needs headroom for moments when many streams speak at once.
     */
    static final double DECODE_SHARE = 0.65;

    public CapacitySettings {
        if (maxDecoders < 1) {
            throw new IllegalArgumentException("maxDecoders must be at least 1");
        }
        if (warmDecoders < 0 || warmDecoders > maxDecoders) {
            throw new IllegalArgumentException("warmDecoders must be within [0, maxDecoders]");
        }
        if (!(decodeCores > 0)) {
            throw new IllegalArgumentException("decodeCores must be positive");
        }
        if (!(initialRealTimeFactor > 0)) {
            throw new IllegalArgumentException("initialRealTimeFactor must be positive");
        }
        EmbeddedEngineSettings.requirePositive(admissionLag, "admissionLag");
        EmbeddedEngineSettings.requirePositive(retryAfter, "retryAfter");
    }

    /**
     * Defaults for a machine: decoding may use {@value #DECODE_SHARE} of the cores, and there are
     * {@value #DECODERS_PER_CORE} decoders per core unless a quarter of the memory holds fewer.
     */
    public static CapacitySettings forMachine(int cores, long memoryBytes) {
        int byMemory = (int) Math.min(Integer.MAX_VALUE, memoryBytes / MEMORY_SHARE_DIVISOR / BYTES_PER_DECODER);
        int maxDecoders = Math.max(1, Math.min(cores * DECODERS_PER_CORE, byMemory));
        return new CapacitySettings(maxDecoders, 1, cores * DECODE_SHARE, 0.15, Duration.ofMillis(500),
                Duration.ofSeconds(2));
    }

    /** {@link #forMachine} for the machine this runs on. */
    public static CapacitySettings forThisMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize()
                : cores * DECODERS_PER_CORE * BYTES_PER_DECODER * MEMORY_SHARE_DIVISOR;
        return forMachine(cores, memory);
    }

    public CapacitySettings withDecoders(int max, int warm) {
        return new CapacitySettings(max, warm, decodeCores, initialRealTimeFactor, admissionLag, retryAfter);
    }

    public CapacitySettings withDecodeCores(double cores) {
        return new CapacitySettings(maxDecoders, warmDecoders, cores, initialRealTimeFactor, admissionLag, retryAfter);
    }

    /**
     * Admission by decoders only: no bound on decode load or lag. For tests about something else,
     * which must not be refused because a busy test machine decodes slowly.
     */
    public CapacitySettings withoutLoadAdmission() {
        return new CapacitySettings(maxDecoders, warmDecoders, 1_000_000, initialRealTimeFactor, Duration.ofDays(1),
                retryAfter);
    }

    DecodeCapacity.Limits limits(int sampleRate) {
        return new DecodeCapacity.Limits(decodeCores, initialRealTimeFactor, admissionLag.toNanos() / 1e9,
                sampleRate, retryAfter);
    }
}
