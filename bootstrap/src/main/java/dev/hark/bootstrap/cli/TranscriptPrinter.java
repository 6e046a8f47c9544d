package dev.hark.bootstrap.cli;

import dev.hark.infrastructure.client.StreamEvent;
import dev.hark.infrastructure.client.StreamListener;
import java.io.PrintStream;

/**
 * Finals to stdout and interims to stderr, so {@code ./hark transcribe f.wav > out.txt} captures
 * exactly the final transcript, one line per utterance, while a person still sees progress.
 */
final class TranscriptPrinter implements StreamListener {

    private final PrintStream finals;
    private final PrintStream interims;
    private final boolean showInterims;

    TranscriptPrinter(PrintStream finals, PrintStream interims, boolean showInterims) {
        this.finals = finals;
        this.interims = interims;
        this.showInterims = showInterims;
    }

    @Override
    public void onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.Transcript transcript && !transcript.text().isBlank()) {
            if (transcript.isFinal()) {
                println(finals, transcript.text());
            } else if (showInterims) {
                println(interims, transcript.text());
            }
        }
    }

    private static void println(PrintStream stream, String line) {
        synchronized (stream) {
            stream.println(line);
            stream.flush();
        }
    }
}
