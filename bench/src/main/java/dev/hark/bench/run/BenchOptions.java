package dev.hark.bench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./hark bench} options.
 *
 * @param sessions      session counts to run, each against Hark and then the relay
 * @param seconds       how long each run sends audio
 * @param warmupSeconds a discarded run before each measured one, so both servers are JIT-compiled
 * @param wav           the audio to loop (16-bit PCM WAV); silence when absent
 * @param harkJar       Hark's runnable jar
 * @param idleSessions  sessions for the heap-per-idle-session measurement (0 to skip it)
 * @param relay         whether to run the baseline
 * @param jfr           where to record a JFR profile of Hark during its largest run, if anywhere
 *                      (the relay's goes beside it, {@code -relay} added to the name)
 * @param serverJvm     JVM options for both servers
 * @param out           where logs and results go
 */
public record BenchOptions(List<Integer> sessions, int seconds, int warmupSeconds, Optional<Path> wav,
                           Path harkJar, int idleSessions, boolean relay, Optional<Path> jfr,
                           List<String> serverJvm, Path out) {

    public static final String USAGE = """
            Usage: ./hark bench [--sessions N[,N...]] [--seconds T] [--wav FILE] [--warmup S]
                                [--idle-sessions N] [--no-relay] [--jfr FILE] [--server-jvm "OPTS"]
                                [--hark-jar JAR] [--out DIR]
              --sessions       concurrent sessions per run, comma-separated for several (default 100)
              --seconds        seconds of audio each session sends per run (default 60)
              --wav            16-bit PCM WAV to loop in 20 ms frames (default: silence, 16 kHz mono)
              --warmup         seconds of a discarded warm-up run before each measured run (default 10)
              --idle-sessions  idle sessions for the heap-per-session measurement (default: the largest
                               --sessions; 0 skips it)
              --no-relay       measure Hark only
              --jfr FILE       record JFR profiles (with CPU-time sampling) of Hark, and of the relay
                               as FILE-relay, during the largest run
              --server-jvm     JVM options for both servers (default "-Xms2g -Xmx2g")
            ./hark bench --cluster ... compares one Hark process with a gateway + worker over Redis
            (./hark bench --cluster --help); --embedded measures the engine (--embedded --help)
            """;

    /** Parses command-line arguments; throws {@link IllegalArgumentException} with a reason. */
    public static BenchOptions parse(String[] args, Path defaultHarkJar, Path defaultOut) {
        List<Integer> sessions = List.of(100);
        int seconds = 60;
        int warmup = 10;
        Optional<Path> wav = Optional.empty();
        Path harkJar = defaultHarkJar;
        Integer idle = null;
        boolean relay = true;
        Optional<Path> jfr = Optional.empty();
        List<String> jvm = List.of("-Xms2g", "-Xmx2g");
        Path out = defaultOut;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--sessions" -> sessions = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(n -> positive(n, arg)).toList();
                case "--seconds" -> seconds = positive(value(args, ++i, arg), arg);
                case "--warmup" -> warmup = nonNegative(value(args, ++i, arg), arg);
                case "--wav" -> wav = Optional.of(Path.of(value(args, ++i, arg)));
                case "--hark-jar" -> harkJar = Path.of(value(args, ++i, arg));
                case "--idle-sessions" -> idle = nonNegative(value(args, ++i, arg), arg);
                case "--no-relay" -> relay = false;
                case "--jfr" -> jfr = Optional.of(Path.of(value(args, ++i, arg)));
                case "--server-jvm" -> jvm = new ArrayList<>(List.of(value(args, ++i, arg).trim().split("\\s+")));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        int idleSessions = idle != null ? idle : sessions.stream().mapToInt(Integer::intValue).max().orElse(0);
        return new BenchOptions(sessions, seconds, warmup, wav, harkJar, idleSessions, relay, jfr, jvm, out);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String value, String option) {
        int parsed = nonNegative(value, option);
        if (parsed == 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return parsed;
    }

    private static int nonNegative(String value, String option) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new IllegalArgumentException(option + " must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }
}
