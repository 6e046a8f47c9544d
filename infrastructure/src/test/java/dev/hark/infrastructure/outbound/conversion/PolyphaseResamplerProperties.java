package dev.hark.infrastructure.outbound.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * What makes the resampler safe to stream: its output does not depend on how the input was cut
 * into blocks (so the session's chunking never changes what the recognizer hears), the total
 * count is the rate ratio rounded up, a tone inside the band keeps its level, and one above the
 * target's band is removed rather than aliased into it.
 */
class PolyphaseResamplerProperties {

    @Property(tries = 60)
    void outputIsTheSameHoweverTheInputIsCutIntoBlocks(@ForAll("ratePairs") int[] rates,
                                                      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 700) Integer> blockSizes) {
        ResamplingFilter filter = ResamplingFilter.forRates(rates[0], rates[1]).orElseThrow();
        double[] input = noise(blockSizes.stream().mapToInt(Integer::intValue).sum(), rates[0]);

        double[] whole = concat(List.of(new PolyphaseResampler(filter).process(input)));
        PolyphaseResampler streaming = new PolyphaseResampler(filter);
        List<double[]> parts = new ArrayList<>();
        int offset = 0;
        for (int size : blockSizes) {
            parts.add(streaming.process(Arrays.copyOfRange(input, offset, offset + size)));
            offset += size;
        }
        PolyphaseResampler once = new PolyphaseResampler(filter);
        once.process(input);

        assertThat(concat(parts)).containsExactly(whole);
        double[] total = concat(List.of(whole, once.drain()));
        assertThat(total.length).isEqualTo((int) Math.ceilDiv((long) input.length * rates[1], rates[0]));
        double[] streamedTotal = concat(List.of(concat(parts), streaming.drain()));
        assertThat(streamedTotal).containsExactly(total);
    }

    @Property(tries = 14)
    void aToneInsideTheBandKeepsItsLevel(@ForAll("ratePairs") int[] rates) {
        int inRate = rates[0];
        int outRate = rates[1];
        double frequency = Math.min(inRate, outRate) * 0.2;
        double[] tone = new double[inRate];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = 10_000 * Math.sin(2 * Math.PI * frequency * i / inRate);
        }
        PolyphaseResampler resampler = new PolyphaseResampler(ResamplingFilter.forRates(inRate, outRate).orElseThrow());
        double[] out = concat(List.of(resampler.process(tone), resampler.drain()));

        // away from both ends, the output is the same tone sampled at the new rate
        for (int n = outRate / 10; n < out.length - outRate / 10; n++) {
            double expected = 10_000 * Math.sin(2 * Math.PI * frequency * n / outRate);
            assertThat(Math.abs(out[n] - expected)).as("sample %d", n).isLessThan(5);
        }
    }

    /** Anti-aliasing: a tone the target rate cannot carry must not fold back into its band. */
    @Property(tries = 10)
    void aToneAboveTheTargetsBandIsRemoved_notFoldedBack(@ForAll("downsamplingPairs") int[] rates) {
        int inRate = rates[0];
        int outRate = rates[1];
        double frequency = (outRate / 2.0 + inRate / 2.0) / 2; // between the two Nyquist frequencies
        double[] tone = new double[inRate];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = 10_000 * Math.sin(2 * Math.PI * frequency * i / inRate);
        }
        PolyphaseResampler resampler = new PolyphaseResampler(ResamplingFilter.forRates(inRate, outRate).orElseThrow());
        double[] out = concat(List.of(resampler.process(tone), resampler.drain()));

        double peak = 0;
        for (int n = outRate / 10; n < out.length - outRate / 10; n++) {
            peak = Math.max(peak, Math.abs(out[n]));
        }
        assertThat(peak).as("what is left of a 10000-peak tone at %.0f Hz", frequency).isLessThan(10_000 * 1e-3);
    }

    @Provide
    Arbitrary<int[]> downsamplingPairs() {
        return Arbitraries.of(new int[] {22_050, 16_000}, new int[] {24_000, 16_000}, new int[] {32_000, 16_000},
                new int[] {44_100, 16_000}, new int[] {48_000, 16_000}, new int[] {16_000, 8_000});
    }

    @Provide
    Arbitrary<int[]> ratePairs() {
        return Arbitraries.of(new int[] {8_000, 16_000}, new int[] {22_050, 16_000}, new int[] {24_000, 16_000},
                new int[] {32_000, 16_000}, new int[] {44_100, 16_000}, new int[] {48_000, 16_000},
                new int[] {16_000, 8_000});
    }

    private static double[] noise(int length, int seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] samples = new double[length];
        for (int i = 0; i < length; i++) {
            samples[i] = random.nextInt(-20_000, 20_000);
        }
        return samples;
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
