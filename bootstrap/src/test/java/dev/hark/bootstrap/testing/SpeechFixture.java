package dev.hark.bootstrap.testing;

import dev.hark.infrastructure.client.WavAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One recorded utterance from {@code testdata/speech} (see its README): 16-bit PCM audio and
 * the exact words spoken, for accuracy tests that assert a {@link WordErrorRate} bound.
 *
 * <p>The directory is found by walking up from the working directory, because Maven runs each
 * module's tests with the module as working directory while an IDE may use the repo root.
 */
public record SpeechFixture(String name, WavAudio audio, String text) {

    public static final String DIRECTORY = "testdata/speech";

    public SpeechFixture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(text, "text");
    }

    /** Loads {@code NAME.wav} and {@code NAME.txt}. */
    public static SpeechFixture load(String name) {
        Path directory = directory();
        try {
            WavAudio audio = WavAudio.read(directory.resolve(name + ".wav"));
            String text = Files.readString(directory.resolve(name + ".txt"), StandardCharsets.UTF_8).strip();
            return new SpeechFixture(name, audio, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load speech fixture " + name + " from " + directory, e);
        }
    }

    /** Every fixture, sorted by name. */
    public static List<SpeechFixture> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".wav"))
                    .map(file -> file.substring(0, file.length() - ".wav".length()))
                    .sorted()
                    .map(SpeechFixture::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nearest {@code testdata/speech} at or above the working directory. */
    public static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DIRECTORY);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + DIRECTORY + " directory at or above " + start);
    }

    /** Little-endian 16-bit samples without any header. */
    public byte[] pcm() {
        return audio.pcm();
    }

    public int sampleRate() {
        return audio.sampleRate();
    }

    public Path wavFile() {
        return directory().resolve(name + ".wav");
    }
}
