package dev.hark.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscribeCommandIT {

    @TempDir
    Path dir;

    @Test
    void printsEachFinalOnItsOwnLine_whenServerClosesNormally() throws Exception {
        Path file = SilentWav.write(dir.resolve("a.wav"), 16_000, 1, 0.5);
        try (FakeHarkServer server = new FakeHarkServer(List.of("hello world", "second sentence"), null)) {
            CliRun run = CliRun.transcribe(Map.of(), "--fast", "--url", server.endpoint().toString(), file.toString());

            assertThat(run.failure()).isEmpty();
            assertThat(run.stdout()).isEqualTo("hello world\nsecond sentence\n");
            assertThat(server.audioBytes()).isEqualTo(16_000);
            assertThat(server.queries()).containsExactly(
                    "encoding=linear16&sample_rate=16000&channels=1&interim_results=false&language=en");
        }
    }

    @Test
    void printsResumeNoticeAndEveryFinalOnce_whenConnectionDropsMidStream() throws Exception {
        Path file = SilentWav.write(dir.resolve("r.wav"), 16_000, 1, 0.5);
        try (FakeHarkServer server = FakeHarkServer.droppingOnce(List.of("hello world", "second sentence"))) {
            CliRun run = CliRun.transcribe(Map.of(), "--fast", "--url", server.endpoint().toString(), file.toString());

            assertThat(run.failure()).isEmpty();
            assertThat(run.stdout()).isEqualTo("hello world\nsecond sentence\n");
            assertThat(run.stderr()).isEqualTo(
                    "hark transcribe: connection dropped; resumed session s at 0.00 s (generation 2)\n");
            assertThat(server.queries()).hasSize(2).element(1).isEqualTo("session_id=s&resume_token=r&last_seq=0");
        }
    }

    @Test
    void usesHarkPortForDefaultUrl_whenNoUrlGiven() throws Exception {
        Path file = SilentWav.write(dir.resolve("b.wav"), 8_000, 2, 0.1);
        try (FakeHarkServer server = new FakeHarkServer(List.of("ok"), null)) {
            String port = String.valueOf(server.endpoint().getPort());

            CliRun run = CliRun.transcribe(Map.of("HARK_PORT", port), "--fast", "--interim", file.toString());

            assertThat(run.stdout()).isEqualTo("ok\n");
            assertThat(server.queries()).containsExactly(
                    "encoding=linear16&sample_rate=8000&channels=2&interim_results=true&language=en");
        }
    }

    @Test
    void failsWithServersMessage_whenServerSendsError() throws Exception {
        Path file = SilentWav.write(dir.resolve("c.wav"), 16_000, 1, 1.0);
        try (FakeHarkServer server = new FakeHarkServer(List.of(), "engine_unavailable")) {
            CliRun run = CliRun.transcribe(Map.of(), "--fast", "--url", server.endpoint().toString(), file.toString());

            assertThat(run.succeeded()).isFalse();
            assertThat(run.stderr()).isEqualTo(
                    "hark transcribe: server error engine_unavailable: no recognizer available\n");
        }
    }

    @Test
    void failsWithOneLine_whenConnectionIsRefused() throws Exception {
        Path file = SilentWav.write(dir.resolve("d.wav"), 16_000, 1, 0.1);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        CliRun run = CliRun.transcribe(Map.of("HARK_PORT", String.valueOf(port)), file.toString());

        assertThat(run.succeeded()).isFalse();
        assertThat(run.stderr()).startsWith("hark transcribe: cannot connect to ws://localhost:" + port + "/v1/stream: ")
                .contains("refused").hasLineCount(1);
    }
}
