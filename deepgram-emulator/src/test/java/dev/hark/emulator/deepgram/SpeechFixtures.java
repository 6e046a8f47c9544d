package dev.hark.emulator.deepgram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** The committed speech fixtures (testdata/speech, 16 kHz mono s16le) and silence to pad them. */
final class SpeechFixtures {

    static final int SAMPLE_RATE = 16_000;
    /** 100 ms of 16 kHz 16-bit mono, the frame size Deepgram recommends. */
    static final int FRAME_BYTES = 3_200;

    private SpeechFixtures() {
    }

    static byte[] pcm(String name) {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(dir().resolve(name + ".wav").toFile());
             InputStream in = audio) {
            javax.sound.sampled.AudioFormat format = audio.getFormat();
            if (format.getSampleRate() != SAMPLE_RATE || format.getChannels() != 1
                    || format.getSampleSizeInBits() != 16 || format.isBigEndian()) {
                throw new IllegalStateException(name + ".wav is not 16 kHz mono s16le: " + format);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The spoken words, lowercase, one line. */
    static String text(String name) {
        try {
            return Files.readString(dir().resolve(name + ".txt")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code pcm} followed by {@code millis} of digital silence, so the voice detector hears the end. */
    static byte[] withTrailingSilence(byte[] pcm, int millis) {
        return join(pcm, silence(millis));
    }

    static byte[] silence(int millis) {
        return new byte[millis * SAMPLE_RATE / 1000 * 2];
    }

    static byte[] join(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    static Path dir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata/speech");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/speech not found above " + Path.of("").toAbsolutePath());
    }
}
