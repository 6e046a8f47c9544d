package dev.hark.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.infrastructure.client.StreamEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptPrinterTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final TranscriptPrinter printer = new TranscriptPrinter(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);

    @Test
    void printsOneNoticeOnStderr_whenSessionIsResumed() {
        printer.onEvent(new StreamEvent.SessionResumed("h3Jd8QmZ", "secret", 2, 12.344, 197_504));

        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("hark transcribe: connection dropped; resumed session h3Jd8QmZ at 12.34 s (generation 2)\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void warnsOnStderr_whenServerReportsExpiredFinals() {
        printer.onEvent(new StreamEvent.ServerError("FINALS_EXPIRED", "3 finals expired", Duration.ZERO));

        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("hark transcribe: warning: FINALS_EXPIRED: 3 finals expired\n");
    }

    @Test
    void printsNothing_whenErrorEndsStream() {
        printer.onEvent(new StreamEvent.ServerError("PROVIDER_ERROR", "boom", Duration.ZERO));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void printsFinalsOnStdout_andSkipsInterims_whenInterimsAreOff() {
        printer.onEvent(new StreamEvent.Transcript(1, false, "hel", 0, 1, List.of()));
        printer.onEvent(new StreamEvent.Transcript(1, true, "hello", 0, 1, List.of()));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
