package dev.hark.bootstrap.cli;

import dev.hark.emulator.deepgram.DeepgramEmulator;
import dev.hark.emulator.deepgram.EmulatorSettings;
import dev.hark.infrastructure.outbound.embedded.EmbeddedEngineSettings;
import dev.hark.infrastructure.outbound.embedded.EmbeddedRecognizerAdapter;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./hark deepgram-emulator [--port 9090] [fault options]}: serves Deepgram's live
 * {@code /v1/listen} protocol on loopback with real transcripts from the embedded engine, so
 * the Deepgram provider (or any Deepgram client) can be tried and broken on purpose without an
 * account or a network. Runs until interrupted. Options: {@link EmulatorOptions}.
 */
public final class DeepgramEmulatorCommand extends Command {

    private final PrintStream out;

    public DeepgramEmulatorCommand() {
        this(System.out);
    }

    DeepgramEmulatorCommand(PrintStream out) {
        super("deepgram-emulator", "Serve Deepgram's live streaming protocol on loopback, transcribing with the "
                + "embedded engine, with optional fault injection");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        EmulatorOptions.configure(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        EmulatorOptions options = EmulatorOptions.from(namespace);
        ExecutorService decoding = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().name("emulator-decode-", 0).daemon().factory());
        EmbeddedRecognizerAdapter engine = EmbeddedRecognizerAdapter.create(
                EmbeddedEngineSettings.defaults().withDecoders(options.maxDecoders(), 1), decoding);
        DeepgramEmulator emulator = DeepgramEmulator.start(options.settings(), engine);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            emulator.close();
            engine.close();
            decoding.shutdownNow();
        }));
        EmulatorSettings settings = options.settings();
        out.println("Deepgram emulator on " + emulator.baseUri() + "/v1/listen (api key: "
                + (settings.apiKey().isEmpty() ? "any" : "required") + ", idle timeout "
                + settings.idleTimeout().toMillis() + " ms, plan " + settings.defaultPlan() + ")");
        out.println("Point Hark at it: HARK_PROVIDER=deepgram DEEPGRAM_URL=" + emulator.baseUri()
                + " DEEPGRAM_API_KEY=<key> ./hark server");
        out.flush();
        emulator.join();
    }
}
