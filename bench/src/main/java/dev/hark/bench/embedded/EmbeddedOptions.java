package dev.hark.bench.embedded;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./hark bench --embedded} options.
 *
 * @param streams     stream counts to try at real time; empty: step up from the CLI's real-time
 *                    stream count until a step misses the bounds
 * @param seconds     audio each session streams per step
 * @param engineSearch run Hark with its default search settings (the engine's stock ones) rather than the fast preset
 * @param admission   whether to offer twice the capacity to Hark with admission on (H30)
 * @param fixtures    the speech fixtures (their {@code sentences} subdirectory is read too)
 * @param repeats     decodes per CPU measurement (the cheapest counts)
 * @param harkJar     Hark's runnable jar
 * @param serverJvm   JVM options for Hark
 * @param out         where logs and results go
 */
public record EmbeddedOptions(List<Integer> streams, int seconds, boolean engineSearch, boolean admission, Path fixtures,
                       int repeats, Path harkJar, List<String> serverJvm, Path out) {

    public static final String USAGE = """
            Usage: ./hark bench --embedded [--streams N[,N...]] [--seconds T] [--search engine|fast]
                                           [--no-admission] [--fixtures DIR] [--repeats R]
                                           [--server-jvm "OPTS"] [--hark-jar JAR] [--out DIR]
              --streams       real-time stream counts to try (default: step up from the CLI's
                              real-time stream count until a step misses the lag bounds)
              --seconds       seconds of audio per session and step (default 60)
              --search        Hark's search settings: engine (Hark's default: the engine's stock
                              settings, as pocketsphinx_continuous uses them) or fast (the speed
                              preset, SearchSettings.fast); default engine
              --no-admission  skip offering twice the capacity to Hark with admission on
              --fixtures      speech fixtures directory (default testdata/speech)
              --repeats       decodes per CPU measurement, the cheapest counts (default 3)
              --server-jvm    JVM options for Hark (default "-Xms1g -Xmx1g")
            """;

    public static EmbeddedOptions parse(String[] args, Path defaultHarkJar, Path defaultOut) {
        List<Integer> streams = List.of();
        int seconds = 60;
        boolean engineSearch = true;
        boolean admission = true;
        Path fixtures = Path.of("testdata/speech");
        int repeats = 3;
        Path harkJar = defaultHarkJar;
        List<String> jvm = List.of("-Xms1g", "-Xmx1g");
        Path out = defaultOut;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--embedded" -> { }
                case "--streams" -> streams = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(n -> positive(n, arg)).toList();
                case "--seconds" -> seconds = positive(value(args, ++i, arg), arg);
                case "--search" -> engineSearch = switch (value(args, ++i, arg)) {
                    case "fast" -> false;
                    case "engine" -> true;
                    default -> throw new IllegalArgumentException("--search takes engine or fast");
                };
                case "--no-admission" -> admission = false;
                case "--fixtures" -> fixtures = Path.of(value(args, ++i, arg));
                case "--repeats" -> repeats = positive(value(args, ++i, arg), arg);
                case "--hark-jar" -> harkJar = Path.of(value(args, ++i, arg));
                case "--server-jvm" -> jvm = Arrays.stream(value(args, ++i, arg).trim().split("\\s+"))
                        .filter(s -> !s.isEmpty()).toList();
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new EmbeddedOptions(streams, seconds, engineSearch, admission, fixtures, repeats, harkJar, jvm, out);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String text, String option) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new IllegalArgumentException(option + " must be positive");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got " + text);
        }
    }
}
