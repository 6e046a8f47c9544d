package dev.hark.bootstrap.cli;

import dev.hark.infrastructure.client.StreamEvent;
import dev.hark.infrastructure.client.StreamListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Finals to stdout and interims to stderr, so {@code ./hark transcribe f.wav > out.txt} captures
 * exactly the final transcript, one line per utterance, while a person still sees progress. A
 * resumed connection and the server's warnings (such as {@code FINALS_EXPIRED}) get one line each
 * on stderr, because they explain a pause or a gap in the transcript.
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
        switch (event) {
            case StreamEvent.Transcript transcript when !transcript.text().isBlank() -> {
                if (transcript.isFinal()) {
                    println(finals, transcript.text());
                } else if (showInterims) {
                    println(interims, transcript.text());
                }
            }
            case StreamEvent.SessionResumed resumed -> println(interims, String.format(Locale.ROOT,
                    "hark transcribe: connection dropped; resumed session %s at %.2f s (generation %d)",
                    resumed.sessionId(), resumed.audioEnd(), resumed.generation()));
            case StreamEvent.ServerError warning when !warning.endsStream() -> println(interims,
                    "hark transcribe: warning: " + warning.code() + ": " + warning.message());
            case StreamEvent.ServerDraining draining -> println(interims, String.format(Locale.ROOT,
                    "hark transcribe: the server is shutting down; it finishes this stream within %.1f s",
                    draining.remaining().toMillis() / 1000.0));
            case StreamEvent.SessionClosed closed when "server_draining".equals(closed.reason()) -> println(interims,
                    "hark transcribe: the server shut down before the end of the file; every final for the audio "
                            + "it received is above");
            default -> { }
        }
    }

    private static void println(PrintStream stream, String line) {
        synchronized (stream) {
            stream.println(line);
            stream.flush();
        }
    }
}
