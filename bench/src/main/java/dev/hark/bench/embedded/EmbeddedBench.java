package dev.hark.bench.embedded;

import dev.hark.bench.run.AdminMetrics;
import dev.hark.bench.run.ProcStat;
import dev.hark.bench.run.ServerLauncher;
import dev.hark.bench.run.SystemCpu;
import dev.hark.infrastructure.outbound.embedded.SearchSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./hark bench --embedded}: the engine's command-line tool measured on the speech
 * corpus (CPU per second of audio, word errors), then Hark with admission off stepping up real-time
 * streams until one step misses the lag bounds, then Hark with its shipped admission offered
 * twice that capacity. Progress goes to {@code log}; the report to {@code out} and {@code results.md}.
 */
public final class EmbeddedBench {

    /** Silence between utterances in a session, so the engine's voice detector ends each one. */
    static final double GAP_SECONDS = 1.0;
    private static final Duration DRAIN = Duration.ofSeconds(120);
    /** Most streams a step-up tries; decoders for all of them are created up front (~100 MB each). */
    private static final int MAX_STREAMS = 48;
    private static final String BEHIND = "hark.embedded.behind_seconds";
    private static final String LAG = "hark.embedded.lag_seconds";
    private static final String IDLE_DECODERS = "hark.embedded.decoders_idle";
    private static final String RTF = "hark.embedded.real_time_factor";

    private final EmbeddedOptions options;
    private final PrintStream out;
    private final PrintStream log;
    private final int cores = Runtime.getRuntime().availableProcessors();

    public EmbeddedBench(EmbeddedOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
    }

    public void run() throws Exception {
        Files.createDirectories(options.out());
        EmbeddedReport report = new EmbeddedReport(cores, SystemCpu.loadAverage());
        SpeechCorpus corpus = SpeechCorpus.load(options.fixtures());
        SpeechCorpus.SessionAudio all = corpus.once(GAP_SECONDS);
        Path allWav = Wav.write(options.out().resolve("corpus.wav"), all.pcm());
        SearchSettings search = options.engineSearch() ? SearchSettings.defaults() : SearchSettings.fast();
        ServerLauncher launcher = new ServerLauncher(options.harkJar(), options.serverJvm(), options.out(),
                "hark-embedded-bench.yml");
        int most = options.streams().stream().mapToInt(Integer::intValue).max().orElse(MAX_STREAMS);
        try (SpeechLoad load = new SpeechLoad();
             ServerLauncher.Running hark = launcher.hark(jvmOptions(search, most, 1000))) {
            warm(hark, most);
            List<CliReference.Result> engines = compare(load, hark, corpus, all, allWav, search);
            engines.forEach(report::engine);
            log.print(report.engines());
            double cliStreams = cores / engines.getFirst().realTimeFactor();
            report.cliStreams(cliStreams);
            int capacity = stepUp(load, hark, corpus, Math.max(1, (int) cliStreams), report);
            report.capacity(capacity);
            if (options.admission() && capacity > 0) {
                admission(launcher, search, corpus, all, capacity, report);
            }
        }
        String text = report.render(SystemCpu.loadAverage());
        out.print(text);
        Files.writeString(options.out().resolve("results.md"), text);
    }

    /**
     * The CLI with the engine's stock search, the CLI with Hark's, and Hark itself (one stream at a
     * time, as fast as it goes): word errors with every utterance its own stream, and the CPU per
     * second of audio for the whole corpus, measured in alternation so that all three see the same
     * machine, the cheapest of the repeats counting.
     */
    private List<CliReference.Result> compare(SpeechLoad load, ServerLauncher.Running hark, SpeechCorpus corpus,
                                              SpeechCorpus.SessionAudio all, Path allWav, SearchSettings search)
            throws Exception {
        CliReference cli = new CliReference(options.out());
        List<String> stockArgs = List.of();
        List<String> harkArgs = search.arguments();
        log.printf("bench: word errors over %d utterances%n", corpus.utterances().size());
        WordErrors[] stockErrors = cli.wordErrors(corpus, stockArgs);
        WordErrors[] cliHarkErrors = cli.wordErrors(corpus, harkArgs);
        WordErrors[] harkErrors = harkWordErrors(load, hark, corpus);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int i = 0; i < options.repeats(); i++) {
            log.printf("bench: decode cost, round %d of %d (%.1f s of audio each)%n", i + 1, options.repeats(),
                    all.seconds());
            best[0] = Math.min(best[0], cli.decodeCost(allWav, stockArgs));
            best[1] = Math.min(best[1], cli.decodeCost(allWav, harkArgs));
            double before = hark.process().cpuSeconds();
            load.fast(hark.streamUri(), all.pcm(), DRAIN);
            best[2] = Math.min(best[2], hark.process().cpuSeconds() - before);
        }
        String harkLabel = options.engineSearch() ? "Hark, the engine's stock search" : "Hark, Hark's search";
        return List.of(
                new CliReference.Result("CLI, the engine's stock search", all.seconds(), best[0], stockErrors[0],
                        stockErrors[1]),
                new CliReference.Result("CLI, Hark's search", all.seconds(), best[1], cliHarkErrors[0],
                        cliHarkErrors[1]),
                new CliReference.Result(harkLabel, all.seconds(), best[2], harkErrors[0], harkErrors[1]));
    }

    private WordErrors[] harkWordErrors(SpeechLoad load, ServerLauncher.Running hark, SpeechCorpus corpus)
            throws Exception {
        WordErrors fixtures = WordErrors.NONE;
        WordErrors sentences = WordErrors.NONE;
        for (SpeechCorpus.Utterance utterance : corpus.utterances()) {
            SessionResult result = load.fast(hark.streamUri(), utterance.pcm(), DRAIN);
            WordErrors errors = WordErrors.of(utterance.text(), result.finals());
            if (utterance.fixture()) {
                fixtures = fixtures.plus(errors);
            } else {
                sentences = sentences.plus(errors);
            }
        }
        return new WordErrors[] {fixtures, sentences};
    }

    /** Hark with its shipped admission, having measured its real-time factor, offered twice the capacity (H30). */
    private void admission(ServerLauncher launcher, SearchSettings search, SpeechCorpus corpus,
                           SpeechCorpus.SessionAudio all, int capacity, EmbeddedReport report) throws Exception {
        try (SpeechLoad load = new SpeechLoad();
             ServerLauncher.Running hark = launcher.hark(jvmOptions(search, 2 * capacity, 0))) {
            warm(hark, 2 * capacity);
            load.fast(hark.streamUri(), all.pcm(), DRAIN); // the estimate learns the real-time factor
            log.printf("bench: admission on, offering %d streams%n", 2 * capacity);
            report.admission(realTime(load, hark, corpus, 2 * capacity));
        }
    }

    /**
     * @param decodeCores the decode capacity to configure; 0 keeps the shipped admission (the machine's
     *                    cores), anything else sets it and turns the lag check off (1000: no admission by load)
     */
    private List<String> jvmOptions(SearchSettings search, int decoders, int decodeCores) {
        List<String> jvm = new ArrayList<>(List.of(
                "-Ddw.embedded.maxDecoders=" + decoders,
                "-Ddw.embedded.warmDecoders=" + decoders,
                // a burst of sessions waits for decoders created one after another
                "-Ddw.sessions.providerConnectTimeout=300s",
                "-Ddw.embedded.search.frameDownsampling=" + search.frameDownsampling(),
                "-Ddw.embedded.search.topGaussians=" + search.topGaussians(),
                "-Ddw.embedded.search.beam=" + search.beam(),
                "-Ddw.embedded.search.wordBeam=" + search.wordBeam(),
                "-Ddw.embedded.search.phoneBeam=" + search.phoneBeam(),
                "-Ddw.embedded.search.maxHmmsPerFrame=" + search.maxHmmsPerFrame(),
                "-Ddw.embedded.search.maxWordsPerFrame=" + search.maxWordsPerFrame(),
                "-Ddw.embedded.search.lookaheadWindow=" + search.lookaheadWindow(),
                "-Ddw.embedded.search.flatSearch=" + search.flatSearch(),
                "-Ddw.embedded.search.bestPath=" + search.bestPath()));
        if (decodeCores > 0) {
            jvm.add("-Ddw.embedded.decodeCores=" + decodeCores);
            jvm.add("-Ddw.embedded.admissionLag=1h");
        }
        return jvm;
    }

    /** Waits until the server's {@code decoders} warm decoders are created (one after another, ~0.5 s each). */
    private void warm(ServerLauncher.Running hark, int decoders) throws Exception {
        log.printf("bench: creating %d decoders%n", decoders);
        AdminMetrics metrics = new AdminMetrics(hark.adminPort());
        long deadline = System.nanoTime() + Duration.ofSeconds(30L + decoders * 5L).toNanos();
        while (metrics.gaugeValue(IDLE_DECODERS) < decoders) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + metrics.gaugeValue(IDLE_DECODERS) + " of " + decoders
                        + " decoders were created in time; see " + options.out().resolve("hark.log"));
            }
            Thread.sleep(500);
        }
    }

    /** Waits until the server reports no decode lag: the last run's (up to 2 s old) must not count in the next. */
    private static void settle(ServerLauncher.Running hark) throws Exception {
        AdminMetrics metrics = new AdminMetrics(hark.adminPort());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (metrics.gaugeValue(LAG) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    /**
     * Runs the given stream counts, or steps up from {@code first} by a tenth (stepping down first
     * when even {@code first} misses the bounds) until a step misses them; returns the most streams
     * within bounds.
     */
    private int stepUp(SpeechLoad load, ServerLauncher.Running hark, SpeechCorpus corpus, int first,
                       EmbeddedReport report) throws Exception {
        int best = 0;
        if (!options.streams().isEmpty()) {
            for (int streams : options.streams()) {
                CapacityStep step = realTime(load, hark, corpus, streams);
                report.step(step);
                if (step.withinBounds() && step.admitted() == streams) {
                    best = Math.max(best, streams);
                }
            }
            return best;
        }
        int streams = Math.min(first, MAX_STREAMS);
        boolean passedOnce = false;
        while (streams <= MAX_STREAMS) {
            CapacityStep step = realTime(load, hark, corpus, streams);
            report.step(step);
            if (step.withinBounds() && step.admitted() == streams) {
                best = streams;
                passedOnce = true;
                streams += Math.max(1, streams / 10);
            } else if (!passedOnce && streams > 1) {
                streams = Math.max(1, streams * 2 / 3);
            } else {
                break;
            }
        }
        return best;
    }

    private CapacityStep realTime(SpeechLoad load, ServerLauncher.Running hark, SpeechCorpus corpus, int streams)
            throws Exception {
        log.printf("bench: %d streams at real time for %d s%n", streams, options.seconds());
        List<SpeechCorpus.SessionAudio> audio = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            audio.add(corpus.sessionAudio(i, options.seconds(), GAP_SECONDS));
        }
        settle(hark);
        long self = ProcessHandle.current().pid();
        double serverBefore = hark.process().cpuSeconds();
        double selfBefore = ProcStat.cpuSeconds(self);
        double busyBefore = SystemCpu.busySeconds();
        long started = System.nanoTime();
        SpeechLoad.Run run;
        double behind;
        double lag;
        try (GaugeSampler sampler = new GaugeSampler(new AdminMetrics(hark.adminPort()), List.of(BEHIND, LAG))) {
            run = load.realTime(hark.streamUri(), audio, DRAIN);
            behind = sampler.max(BEHIND);
            lag = sampler.max(LAG);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double decodeRtf = new AdminMetrics(hark.adminPort()).gaugeValue(RTF);
        double server = hark.process().cpuSeconds() - serverBefore;
        double other = Math.max(0, SystemCpu.busySeconds() - busyBefore - server
                - (ProcStat.cpuSeconds(self) - selfBefore));
        double streamed = 0;
        for (int i = 0; i < streams; i++) {
            if (!run.sessions().get(i).refused()) {
                streamed += audio.get(i).seconds();
            }
        }
        CapacityStep step = new CapacityStep(streams, run.sessions(), streamed, server, decodeRtf, wall, other, lag,
                behind, run.pacingLateP99());
        log.println(step.row());
        return step;
    }
}
