package dev.hark.bootstrap.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A speech fixture converted by {@code sox} into headerless audio of another encoding, rate or
 * channel count, as a client in that format would send it.
 */
public final class SoxConversion {

    private SoxConversion() {
    }

    /**
     * @param encoding sox's name ({@code signed}, {@code mu-law}, {@code a-law})
     * @param bits     bits per sample (16 for signed, 8 for G.711)
     */
    public static byte[] raw(Path wav, String encoding, int bits, int sampleRate, int channels) {
        try {
            Path out = Files.createTempFile("fixture", ".raw");
            try {
                List<String> command = new ArrayList<>(List.of("sox", "-D", "-V1", wav.toString(), "-t", "raw",
                        "-e", encoding, "-b", Integer.toString(bits), "-r", Integer.toString(sampleRate),
                        "-c", Integer.toString(channels), out.toString()));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("sox failed: " + command + ": " + output);
                }
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
