package dev.hark.bootstrap.cli;

import dev.hark.infrastructure.client.ClientSettings;
import dev.hark.infrastructure.client.FramePacer;
import dev.hark.infrastructure.client.HarkStreamClient;
import dev.hark.infrastructure.client.RealTimePacer;
import dev.hark.infrastructure.client.ResumePolicy;
import dev.hark.infrastructure.client.StreamTarget;
import dev.hark.infrastructure.client.WavAudio;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./hark transcribe [--url URL] [--fast] [--interim] FILE.wav}: streams a WAV file to a
 * Hark server and prints each final transcript on its own line of stdout (interims on stderr). A
 * dropped connection is resumed by {@link HarkStreamClient} without losing or repeating a final;
 * the command only prints a one-line notice on stderr when that happens. A server that needs a
 * credential gets {@code HARK_API_KEY} (an API key or a token) as {@code Authorization: Bearer};
 * never a command-line option, where other users of the machine could read it.
 *
 * <p>Dropwizard's {@link Cli} turns a thrown exception into exit status 1 after calling
 * {@link #onError}; the default prints a stack trace, which is noise for a user whose server
 * isn't running, so {@code onError} prints one line instead.
 */
public final class TranscribeCommand extends Command {

    private static final String FILE = "file";
    private static final String URL = "url";
    private static final String FAST = "fast";
    private static final String INTERIM = "interim";

    private final UnaryOperator<String> environment;
    private final PrintStream out;
    private final PrintStream err;

    public TranscribeCommand() {
        this(System::getenv, System.out, System.err);
    }

    /** For tests: the environment lookup and the streams transcripts go to. */
    TranscribeCommand(UnaryOperator<String> environment, PrintStream out, PrintStream err) {
        super("transcribe", "Stream a 16-bit PCM WAV file to a Hark server and print the transcript");
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--url").dest(URL).setDefault(defaultUrl())
                .help("the server's v1 streaming endpoint");
        subparser.addArgument("--fast").dest(FAST).action(Arguments.storeTrue())
                .help("send audio as fast as the server accepts it instead of in real time");
        subparser.addArgument("--interim").dest(INTERIM).action(Arguments.storeTrue())
                .help("ask for interim results and print them to stderr");
        subparser.addArgument(FILE).metavar("FILE.wav").help("16-bit PCM WAV file to transcribe");
    }

    /** {@code ws://localhost:$HARK_PORT/v1/stream}, port 8080 when HARK_PORT is unset. */
    String defaultUrl() {
        String port = environment.apply("HARK_PORT");
        return "ws://localhost:" + (port == null || port.isBlank() ? "8080" : port.strip()) + "/v1/stream";
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        WavAudio audio = TranscribeInput.readAudio(Path.of(namespace.getString(FILE)));
        URI url = TranscribeInput.parseUrl(namespace.getString(URL));
        boolean interim = namespace.getBoolean(INTERIM);
        FramePacer pacer = namespace.getBoolean(FAST) ? FramePacer.unpaced()
                : RealTimePacer.systemClock(Duration.ofMillis(HarkStreamClient.FRAME_MILLIS));
        ClientSettings settings = ClientSettings.defaults();
        try (HarkStreamClient client = HarkStreamClient.start(
                StreamTarget.forAudio(url, audio, interim).withCredential(environment.apply("HARK_API_KEY")), settings, new TranscriptPrinter(out, err, interim))) {
            long limitSeconds = (long) Math.ceil(audio.seconds()) + settings.startTimeout().toSeconds()
                    + settings.closeTimeout().toSeconds() + resumeAllowanceSeconds(settings);
            client.stream(audio, pacer).get(limitSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TranscribeException("timed out waiting for the server to finish the stream");
        }
    }

    /** Room for one resume that uses all its attempts; the client bounds each attempt itself, this is a backstop. */
    private static long resumeAllowanceSeconds(ClientSettings settings) {
        ResumePolicy policy = ResumePolicy.defaults();
        return policy.maxAttempts() * (policy.maxDelay().toSeconds() + settings.connectTimeout().toSeconds()
                + settings.startTimeout().toSeconds());
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable failure) {
        cli.getStdErr().println("hark transcribe: " + TranscribeInput.describe(failure));
        cli.getStdErr().flush();
    }
}
