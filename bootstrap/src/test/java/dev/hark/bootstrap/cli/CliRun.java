package dev.hark.bootstrap.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code transcribe} through Dropwizard's real {@link Cli}, as {@code java -jar hark.jar}
 * would, capturing what the command and the Cli print. {@code failure} present means exit 1.
 */
record CliRun(Optional<Throwable> failure, String stdout, String stderr) {

    static CliRun transcribe(Map<String, String> environment, String... arguments) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Bootstrap<Configuration> bootstrap = new Bootstrap<>(new Application<>() {
            @Override
            public void run(Configuration configuration, Environment environment) {
            }
        });
        bootstrap.addCommand(new TranscribeCommand(environment::get, outStream, errStream));
        Cli cli = new Cli(new JarLocation(CliRun.class), bootstrap, outStream, errStream);
        String[] argv = new String[arguments.length + 1];
        argv[0] = "transcribe";
        System.arraycopy(arguments, 0, argv, 1, arguments.length);
        Optional<Throwable> failure = cli.run(argv);
        return new CliRun(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    boolean succeeded() {
        return failure.isEmpty();
    }
}
