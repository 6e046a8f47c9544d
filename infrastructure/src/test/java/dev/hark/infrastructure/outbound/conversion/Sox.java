package dev.hark.infrastructure.outbound.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code sox} command on raw audio in temporary files: the reference the converter is checked against. */
final class Sox {

    private Sox() {
    }

    /**
     * Converts headerless audio described by {@code inFormat} (sox's raw-input options, e.g.
     * {@code -e mu-law -b 8 -r 8000 -c 1}) into headerless audio described by {@code outFormat},
     * with optional {@code effects} after it.
     */
    static byte[] convert(byte[] input, String inFormat, String outFormat, String... effects) {
        try {
            Path in = Files.createTempFile("sox-in", ".raw");
            Path out = Files.createTempFile("sox-out", ".raw");
            try {
                Files.write(in, input);
                List<String> command = new ArrayList<>(List.of("sox", "-D", "-V1", "-t", "raw"));
                command.addAll(List.of(inFormat.split(" ")));
                command.add(in.toString());
                command.addAll(List.of("-t", "raw"));
                command.addAll(List.of(outFormat.split(" ")));
                command.add(out.toString());
                command.addAll(List.of(effects));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sox finished").isTrue();
                assertThat(process.exitValue()).as("sox %s: %s", command, output).isZero();
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static short[] shorts(byte[] pcm) {
        short[] samples = new short[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
        }
        return samples;
    }
}
