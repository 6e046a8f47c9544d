package dev.hark.bench.embedded;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report of {@code ./hark bench --embedded}, in Markdown. */
final class EmbeddedReport {

    private final int cores;
    private final double loadBefore;
    private final String startedAt = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    private final List<CliReference.Result> engines = new ArrayList<>();
    private final List<CapacityStep> steps = new ArrayList<>();
    private double cliStreams;
    private int capacity;
    private CapacityStep admission;

    EmbeddedReport(int cores, double loadBefore) {
        this.cores = cores;
        this.loadBefore = loadBefore;
    }

    void engine(CliReference.Result result) {
        engines.add(result);
    }

    void cliStreams(double streams) {
        cliStreams = streams;
    }

    void capacity(int streams) {
        capacity = streams;
    }

    void step(CapacityStep step) {
        steps.add(step);
    }

    void admission(CapacityStep step) {
        admission = step;
    }

    /** The decoders compared: CPU per second of audio and word errors. */
    String engines() {
        StringBuilder table = new StringBuilder();
        table.append("| decoder | audio s | CPU s | RTF (CPU s per audio s) | RTF / CLI's | real-time streams on ")
                .append(cores).append(" cores (cores / RTF) | WER fixtures | WER sentences | WER all |\n");
        table.append("|---|---|---|---|---|---|---|---|---|\n");
        double cliRtf = engines.isEmpty() ? Double.NaN : engines.getFirst().realTimeFactor();
        for (CliReference.Result engine : engines) {
            table.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.4f | %.2f | %.1f | %s | %s | %s |%n",
                    engine.label(), engine.audioSeconds(), engine.cpuSeconds(), engine.realTimeFactor(),
                    engine.realTimeFactor() / cliRtf, cores / engine.realTimeFactor(), engine.fixtures(),
                    engine.sentences(), engine.fixtures().plus(engine.sentences())));
        }
        return table.toString();
    }

    String render(double loadAfter) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Embedded engine benchmark, %s, %d cores, load average %.2f before, %.2f after%n%n",
                startedAt, cores, loadBefore, loadAfter));
        text.append(engines());
        text.append("\nHark with admission by load off, streams at real time:\n\n").append(CapacityStep.header())
                .append('\n');
        steps.forEach(step -> text.append(step.row()).append('\n'));
        text.append(String.format(Locale.ROOT, "%nCapacity: %d real-time streams within bounds = %.2f x the CLI's"
                + " real-time stream count (%.1f = %d cores / its RTF).%n", capacity, capacity / cliStreams, cliStreams,
                cores));
        if (admission != null) {
            text.append("\nHark with its shipped admission (H30), offered twice the capacity:\n\n")
                    .append(CapacityStep.header()).append('\n').append(admission.row()).append('\n');
            text.append(String.format(Locale.ROOT, "%nAdmitted %d of %d; refused %d with CAPACITY_EXHAUSTED, the slowest"
                            + " refusal %.0f ms after asking.%n", admission.admitted(), admission.offered(),
                    admission.refused(), 1000 * admission.refusalMax()));
        }
        text.append("""

                RTF: CPU seconds per second of audio (the CLI: CPU of its finished processes minus model loading;
                  Hark: the whole server process, one stream at a time as fast as it goes). WER: word errors /
                  words, each utterance decoded as its own stream (fixtures: testdata/speech; sentences: its
                  sentences/ directory).
                Steps: every session streams utterances separated by 1 s of silence at real time in 20 ms frames,
                  with interim results. Decode lag: the server's hark.embedded.lag_seconds gauge (the longest any
                  audio waited from reaching the engine to the end of its decoding, over the last 1-2 s), sampled
                  4 times a second; behind: hark.embedded.behind_seconds (queued audio x RTF / cores), likewise;
                  finish: close_stream (sent right after the last audio) to session.closed; "lag": the
                  transcripts' own field (audio received minus the end of the result's last word, so it also
                  counts how long ago that word ended). Within bounds: no failure, decode lag <= 1 s, finish <= 1 s.
                Hark CPU %: of one core; Hark RTF: its CPU (all threads) per second of audio streamed; decode RTF:
                  the hark.embedded.real_time_factor gauge at the end (decode threads only, recent audio), what
                  admission counts; other CPU %: what all other processes used meanwhile (noise).
                """);
        return text.toString();
    }
}
