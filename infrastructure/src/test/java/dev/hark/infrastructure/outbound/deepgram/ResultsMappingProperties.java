package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.transcript.Hypothesis;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.ResultWord;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Results;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever times Deepgram sends, mapping never throws into Jetty and spans stay valid. */
class ResultsMappingProperties {

    @Property
    void mapsAnyTimes_toValidSpansWithinTheWindow(@ForAll("seconds") double start, @ForAll("seconds") double duration,
                                                  @ForAll("words") List<ResultWord> words, @ForAll boolean isFinal,
                                                  @ForAll @IntRange(min = 8_000, max = 48_000) int rate) {
        ResultsMapping mapping = new ResultsMapping(new SampleClock(rate));
        Results results = new Results(start, duration, isFinal, isFinal, false, "some words", words);

        Optional<Hypothesis> hypothesis = mapping.hypothesis(results);

        assertThat(hypothesis).isPresent();
        assertThat(hypothesis.get().span().end()).isGreaterThanOrEqualTo(hypothesis.get().span().start());
        assertThat(mapping.processedThrough(results)).isGreaterThanOrEqualTo(0);
        assertThat(hypothesis.get().words()).hasSameSizeAs(words);
    }

    @Provide
    Arbitrary<Double> seconds() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-5, 36_000),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0));
    }

    @Provide
    Arbitrary<List<ResultWord>> words() {
        Arbitrary<ResultWord> word = net.jqwik.api.Combinators.combine(seconds(), seconds(),
                        Arbitraries.oneOf(Arbitraries.doubles().between(-1, 2), Arbitraries.of(Double.NaN)))
                .as((start, end, confidence) -> new ResultWord("w", "", start, end, confidence));
        return word.list().ofMaxSize(5);
    }
}
