package dev.hark.domain.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChunkPolicyTest {

    private static final Duration DEEPGRAM_MIN = Duration.ofMillis(20);
    private static final Duration DEEPGRAM_MAX = Duration.ofMillis(250);

    @Test
    void defaultsSuitShortClientFrames() {
        assertThat(ChunkPolicy.DEFAULTS.minChunk()).isEqualTo(Duration.ofMillis(100));
        assertThat(ChunkPolicy.DEFAULTS.maxLatency()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void rejectsNonPositiveMinChunkAndNegativeLatency() {
        assertThatThrownBy(() -> new ChunkPolicy(Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkPolicy(Duration.ofMillis(100), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ChunkPolicy(Duration.ofNanos(1), Duration.ZERO).maxLatency()).isZero();
    }

    @Test
    void movesMinChunkIntoProviderRange_keepingLatency() {
        ChunkPolicy tooSmall = new ChunkPolicy(Duration.ofMillis(5), Duration.ofMillis(300));
        ChunkPolicy tooLarge = new ChunkPolicy(Duration.ofSeconds(1), Duration.ofMillis(300));

        assertThat(tooSmall.clampedTo(DEEPGRAM_MIN, DEEPGRAM_MAX)).isEqualTo(new ChunkPolicy(DEEPGRAM_MIN, Duration.ofMillis(300)));
        assertThat(tooLarge.clampedTo(DEEPGRAM_MIN, DEEPGRAM_MAX)).isEqualTo(new ChunkPolicy(DEEPGRAM_MAX, Duration.ofMillis(300)));
        assertThat(ChunkPolicy.DEFAULTS.clampedTo(DEEPGRAM_MIN, DEEPGRAM_MAX)).isSameAs(ChunkPolicy.DEFAULTS);
    }

    @Test
    void rejectsEmptyOrInvertedProviderRange() {
        assertThatThrownBy(() -> ChunkPolicy.DEFAULTS.clampedTo(Duration.ZERO, DEEPGRAM_MAX))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkPolicy.DEFAULTS.clampedTo(DEEPGRAM_MAX, DEEPGRAM_MIN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
