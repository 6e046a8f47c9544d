package dev.hark.bootstrap.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.service.StreamingSessionService;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import dev.hark.infrastructure.inbound.websocket.StreamEndpointSettings;
import dev.hark.infrastructure.outbound.conversion.ConvertingRecognizerAdapter;
import dev.hark.infrastructure.outbound.deepgram.DeepgramRecognizerAdapter;
import dev.hark.infrastructure.outbound.echo.EchoRecognizerAdapter;
import dev.hark.infrastructure.outbound.embedded.EmbeddedRecognizerAdapter;
import dev.hark.infrastructure.outbound.metrics.DropwizardSessionMetricsAdapter;
import dev.hark.infrastructure.outbound.scheduling.ExecutorSchedulerAdapter;
import dev.hark.infrastructure.outbound.secrets.SecureRandomSecretSourceAdapter;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

/**
 * Binds ports to adapters. Anything owning threads or native handles is registered with
 * Dropwizard's lifecycle here, so it is stopped when the server stops.
 */
public final class HarkModule extends AbstractModule {

    private final HarkConfiguration configuration;
    private final Environment environment;
    private final UnaryOperator<SpeechRecognizerPort> recognizerDecorator;

    public HarkModule(HarkConfiguration configuration, Environment environment) {
        this(configuration, environment, UnaryOperator.identity());
    }

    /** @param recognizerDecorator wraps the configured recognizer; tests use it to inject faults */
    public HarkModule(HarkConfiguration configuration, Environment environment,
                      UnaryOperator<SpeechRecognizerPort> recognizerDecorator) {
        this.configuration = configuration;
        this.environment = environment;
        this.recognizerDecorator = recognizerDecorator;
    }

    @Provides
    @Singleton
    @Named("lanes")
    ExecutorService laneExecutor() {
        int threads = configuration.sessions().laneThreads();
        return environment.lifecycle().executorService("session-lane-%d")
                .minThreads(threads).maxThreads(threads).build();
    }

    @Provides
    @Singleton
    @Named("decoding")
    ExecutorService decodeExecutor() {
        int threads = configuration.embedded().decodeThreads();
        return environment.lifecycle().executorService("decode-%d")
                .minThreads(threads).maxThreads(threads).build();
    }

    @Provides
    @Singleton
    SpeechRecognizerPort recognizer(@Named("decoding") ExecutorService decodeExecutor) {
        return recognizerDecorator.apply(configuredRecognizer(decodeExecutor));
    }

    private SpeechRecognizerPort configuredRecognizer(ExecutorService decodeExecutor) {
        return switch (configuration.provider()) {
            case EMBEDDED -> {
                EmbeddedRecognizerAdapter adapter =
                        EmbeddedRecognizerAdapter.create(configuration.embedded().build(), decodeExecutor);
                environment.lifecycle().manage(new AutoCloseableManager(adapter));
                // the engine takes 16 kHz mono linear16; every other client format is converted in front of it
                yield new ConvertingRecognizerAdapter(adapter);
            }
            case DEEPGRAM -> {
                DeepgramRecognizerAdapter adapter = DeepgramRecognizerAdapter.start(configuration.deepgram().build());
                environment.lifecycle().manage(new AutoCloseableManager(adapter));
                yield adapter;
            }
            // benchmarks and tests: callbacks on the decode pool, one serial lane per stream
            case ECHO -> new EchoRecognizerAdapter(decodeExecutor);
        };
    }

    /** Timers get their own thread so decoding or socket work can never starve them. */
    @Provides
    @Singleton
    SchedulerPort scheduler() {
        return new ExecutorSchedulerAdapter(environment.lifecycle().scheduledExecutorService("timers-%d").threads(1).build());
    }

    @Provides
    @Singleton
    SessionMetricsPort sessionMetrics() {
        return new DropwizardSessionMetricsAdapter(environment.metrics());
    }

    @Provides
    @Singleton
    SecretSourcePort secrets() {
        return new SecureRandomSecretSourceAdapter();
    }

    @Provides
    @Singleton
    StreamingSessionService sessions(SpeechRecognizerPort recognizer, SecretSourcePort secrets,
                                     @Named("lanes") ExecutorService lanes, SchedulerPort scheduler,
                                     SessionMetricsPort metrics) {
        return new StreamingSessionService(recognizer, secrets, lanes, scheduler, Clock.systemUTC(), metrics,
                configuration.sessions().build());
    }

    @Provides
    @Singleton
    StreamEndpointSettings streamEndpointSettings() {
        return configuration.stream().build();
    }

    @Provides
    @Singleton
    ClientSendStats clientSendStats() {
        return new ClientSendStats();
    }
}
