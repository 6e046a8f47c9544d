package dev.hark.bench.embedded;

import dev.hark.bench.run.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own command-line tool, {@code pocketsphinx_continuous}, as the reference: its CPU
 * per second of audio (CPU time of the finished child processes, so contention from other
 * processes does not count) and its word errors, each utterance decoded by a fresh process as a
 * fresh stream would be.
 */
final class CliReference {

    static final String COMMAND = "pocketsphinx_continuous";
    private static final double INIT_PROBE_SECONDS = 0.1;

    private final Path workDirectory;

    CliReference(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /** What one configuration of the engine did. */
    record Result(String label, double audioSeconds, double cpuSeconds, WordErrors fixtures, WordErrors sentences) {
        double realTimeFactor() {
            return cpuSeconds / audioSeconds;
        }
    }

    /** Word errors of every utterance of {@code corpus} decoded alone: fixtures, then the other sentences. */
    WordErrors[] wordErrors(SpeechCorpus corpus, List<String> search) throws IOException, InterruptedException {
        WordErrors fixtures = WordErrors.NONE;
        WordErrors sentences = WordErrors.NONE;
        for (SpeechCorpus.Utterance utterance : corpus.utterances()) {
            WordErrors errors = WordErrors.of(utterance.text(), decode(utterance.wav(), search));
            if (utterance.fixture()) {
                fixtures = fixtures.plus(errors);
            } else {
                sentences = sentences.plus(errors);
            }
        }
        return new WordErrors[] {fixtures, sentences};
    }

    /** CPU seconds to decode {@code wav}, less the process's start-up (loading the model), measured right before. */
    double decodeCost(Path wav, List<String> search) throws IOException, InterruptedException {
        Path probe = workDirectory.resolve("init-probe.wav");
        if (!java.nio.file.Files.exists(probe)) {
            Wav.write(probe, new byte[(int) (INIT_PROBE_SECONDS * SpeechCorpus.BYTES_PER_SECOND)]);
        }
        double startup = cpuOf(probe, search);
        return Math.max(0, cpuOf(wav, search) - startup);
    }

    /** The hypothesis lines joined by spaces, as the fixtures' README measures them. */
    String decode(Path wav, List<String> search) throws IOException, InterruptedException {
        Process process = start(wav, search);
        byte[] out = process.getInputStream().readAllBytes();
        await(process, wav);
        return String.join(" ", new String(out, StandardCharsets.UTF_8).strip().split("\\s*\\n\\s*"));
    }

    private double cpuOf(Path wav, List<String> search) throws IOException, InterruptedException {
        long self = ProcessHandle.current().pid();
        double before = ProcStat.childrenCpuSeconds(self);
        Process process = start(wav, search);
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        await(process, wav);
        return ProcStat.childrenCpuSeconds(self) - before;
    }

    private static Process start(Path wav, List<String> search) throws IOException {
        List<String> command = new ArrayList<>(List.of(COMMAND, "-infile", wav.toString(), "-logfn", "/dev/null"));
        command.addAll(search);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void await(Process process, Path wav) throws IOException, InterruptedException {
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(COMMAND + " failed on " + wav + " (exit " + process.exitValue() + ")");
        }
    }
}
