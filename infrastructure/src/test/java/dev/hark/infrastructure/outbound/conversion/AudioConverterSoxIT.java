package dev.hark.infrastructure.outbound.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.infrastructure.client.WavAudio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The converter against sox, the reference, on the same input: G.711 expansion bit for bit,
 * downmixing within rounding, and resampling of real speech (a fixture of testdata/speech
 * taken to each common rate by sox) close to sox's own high-quality resampler. The two filters
 * differ only near the band edge, so the bound is on the signal-to-difference ratio, with the
 * numbers printed for the record.
 */
class AudioConverterSoxIT {

    private static final AudioFormat ENGINE = AudioFormat.linear16Mono(16_000);

    @ParameterizedTest
    @EnumSource(value = AudioEncoding.class, names = {"MULAW", "ALAW"})
    void expandsEveryG711CodeExactlyAsSoxDoes(AudioEncoding encoding) {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        String soxEncoding = encoding == AudioEncoding.MULAW ? "mu-law" : "a-law";
        byte[] reference = Sox.convert(codes, "-e " + soxEncoding + " -b 8 -r 8000 -c 1", "-e signed -b 16");

        byte[] converted = AudioConverter.between(new AudioFormat(encoding, 8_000, 1), AudioFormat.linear16Mono(8_000))
                .convert(codes);

        assertThat(Sox.shorts(converted)).containsExactly(Sox.shorts(reference));
    }

    @Test
    void downmixesStereoToTheMeanOfTheChannelsAsSoxDoes() throws IOException {
        byte[] mono = speech().pcm();
        byte[] stereo = Sox.convert(mono, "-e signed -b 16 -r 16000 -c 1", "-e signed -b 16 -r 16000 -c 2",
                "remix", "1v1.0", "1v-0.5");

        byte[] reference = Sox.convert(stereo, "-e signed -b 16 -r 16000 -c 2", "-e signed -b 16 -r 16000 -c 1");
        byte[] converted = AudioConverter.between(new AudioFormat(AudioEncoding.LINEAR16, 16_000, 2), ENGINE)
                .convert(stereo);

        short[] expected = Sox.shorts(reference);
        short[] actual = Sox.shorts(converted);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("sample %d", i).isLessThanOrEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8_000, 22_050, 24_000, 32_000, 44_100, 48_000})
    void resamplesSpeechToSixteenKilohertzCloseToSox(int rate) throws IOException {
        byte[] input = Sox.convert(speech().pcm(), "-e signed -b 16 -r 16000 -c 1", "-e signed -b 16 -r " + rate + " -c 1");
        short[] reference = Sox.shorts(Sox.convert(input, "-e signed -b 16 -r " + rate + " -c 1",
                "-e signed -b 16 -r 16000 -c 1"));

        short[] converted = Sox.shorts(convertIn20msBlocks(input, AudioFormat.linear16Mono(rate)));

        assertThat((double) converted.length).isCloseTo(reference.length, org.assertj.core.data.Offset.offset(2.0));
        int length = Math.min(converted.length, reference.length);
        double signal = 0;
        double difference = 0;
        int peak = 0;
        for (int i = 0; i < length; i++) {
            signal += (double) reference[i] * reference[i];
            double error = converted[i] - reference[i];
            difference += error * error;
            peak = Math.max(peak, Math.abs(converted[i] - reference[i]));
        }
        double snr = 10 * Math.log10(signal / difference);
        System.out.printf("[resampler-vs-sox] %d -> 16000 Hz: SNR %.1f dB, peak difference %d (of 32768)%n",
                rate, snr, peak);
        assertThat(snr).as("signal to difference vs sox, dB").isGreaterThan(40);
    }

    static byte[] convertIn20msBlocks(byte[] input, AudioFormat format) {
        AudioConverter converter = AudioConverter.between(format, ENGINE);
        int block = format.sampleRate() / 50 * format.bytesPerFrame();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < input.length; offset += block) {
            out.writeBytes(converter.convert(java.util.Arrays.copyOfRange(input, offset,
                    Math.min(input.length, offset + block))));
        }
        out.writeBytes(converter.drain());
        return out.toByteArray();
    }

    static WavAudio speech() throws IOException {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata/speech/office.wav");
            if (Files.isRegularFile(candidate)) {
                return WavAudio.read(candidate);
            }
        }
        throw new IllegalStateException("no testdata/speech above " + start);
    }
}
