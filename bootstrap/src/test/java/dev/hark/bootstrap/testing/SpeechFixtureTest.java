package dev.hark.bootstrap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeechFixtureTest {

    @Test
    void loadsPcmWithoutHeaderAndText_whenFixtureExists() {
        SpeechFixture weather = SpeechFixture.load("weather");

        assertThat(weather.sampleRate()).isEqualTo(16_000);
        assertThat(weather.audio().channels()).isEqualTo(1);
        assertThat(weather.text()).isEqualTo("the weather is nice today and we are going to the park");
        assertThat(weather.pcm().length).isEqualTo((int) weather.wavFile().toFile().length() - 44);
    }

    @Test
    void findsEveryFixtureOfThreeToEightSeconds() {
        assertThat(SpeechFixture.all()).extracting(SpeechFixture::name)
                .containsExactly("coffee", "office", "two_sentences", "weather");
        assertThat(SpeechFixture.all()).allSatisfy(fixture ->
                assertThat(fixture.audio().seconds()).isBetween(3.0, 8.0));
    }
}
