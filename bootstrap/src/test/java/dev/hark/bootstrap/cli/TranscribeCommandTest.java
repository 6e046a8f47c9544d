package dev.hark.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscribeCommandTest {

    @TempDir
    Path dir;

    @Test
    void defaultsToPort8080_whenHarkPortIsUnset() {
        TranscribeCommand command = new TranscribeCommand(name -> null, System.out, System.err);

        assertThat(command.defaultUrl()).isEqualTo("ws://localhost:8080/v1/stream");
    }

    @Test
    void defaultsToHarkPort_whenSet() {
        TranscribeCommand command = new TranscribeCommand(Map.of("HARK_PORT", "9123")::get, System.out, System.err);

        assertThat(command.defaultUrl()).isEqualTo("ws://localhost:9123/v1/stream");
    }

    @Test
    void failsWithOneLine_whenFileIsMissing() throws Exception {
        CliRun run = CliRun.transcribe(Map.of(), dir.resolve("nope.wav").toString());

        assertThat(run.succeeded()).isFalse();
        assertThat(run.stderr()).isEqualTo("hark transcribe: file not found: " + dir.resolve("nope.wav") + "\n");
    }

    @Test
    void failsWithOneLine_whenWavIsEightBit() throws Exception {
        Path file = eightBitWav();

        CliRun run = CliRun.transcribe(Map.of(), file.toString());

        assertThat(run.succeeded()).isFalse();
        assertThat(run.stderr()).startsWith("hark transcribe: " + file + ": not a 16-bit PCM WAV file")
                .hasLineCount(1);
    }

    @Test
    void failsWithOneLine_whenFileIsNotWav() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.wav"), "just text");

        CliRun run = CliRun.transcribe(Map.of(), file.toString());

        assertThat(run.stderr()).isEqualTo("hark transcribe: " + file + ": not a WAV file (no RIFF/WAVE header)\n");
    }

    @Test
    void failsWithOneLine_whenUrlIsHttp() throws Exception {
        Path file = SilentWav.write(dir.resolve("silence.wav"), 16_000, 1, 0.1);

        CliRun run = CliRun.transcribe(Map.of(), "--url", "http://localhost:8080/v1/stream", file.toString());

        assertThat(run.succeeded()).isFalse();
        assertThat(run.stderr()).startsWith("hark transcribe: --url must look like ws://HOST:PORT/v1/stream")
                .hasLineCount(1);
    }

    private Path eightBitWav() throws IOException {
        byte[] header = SilentWav.header(8_000, 1, 8, 4);
        byte[] bytes = new byte[header.length + 4];
        System.arraycopy(header, 0, bytes, 0, header.length);
        return Files.write(dir.resolve("eight.wav"), bytes);
    }
}
