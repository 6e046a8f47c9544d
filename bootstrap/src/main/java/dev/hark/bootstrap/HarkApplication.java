package dev.hark.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.service.StreamingSessionService;
import dev.hark.bootstrap.cli.DeepgramEmulatorCommand;
import dev.hark.bootstrap.cli.TranscribeCommand;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.health.HarkMetrics;
import dev.hark.bootstrap.health.SessionsHealthCheck;
import dev.hark.bootstrap.web.StartupBanner;
import dev.hark.bootstrap.web.WebAssets;
import dev.hark.bootstrap.wiring.HarkModule;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import dev.hark.infrastructure.inbound.websocket.StreamEndpointRoute;
import dev.hark.infrastructure.inbound.websocket.StreamEndpointSettings;
import dev.hark.infrastructure.inbound.websocket.StreamUseCases;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;

/** Hark's entry point: {@code java -jar hark.jar server config.yml}, {@code transcribe}, ... */
public class HarkApplication extends Application<HarkConfiguration> {

    public static void main(String[] args) throws Exception {
        new HarkApplication().run(args);
    }

    @Override
    public String getName() {
        return "hark";
    }

    @Override
    public void initialize(Bootstrap<HarkConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new TranscribeCommand());
        bootstrap.addCommand(new DeepgramEmulatorCommand());
    }

    /** Hook for tests that inject recognizer faults; production uses the configured recognizer as is. */
    protected SpeechRecognizerPort decorateRecognizer(SpeechRecognizerPort recognizer) {
        return recognizer;
    }

    @Override
    public void run(HarkConfiguration configuration, Environment environment) {
        Injector injector = Guice.createInjector(new HarkModule(configuration, environment, this::decorateRecognizer));
        StreamingSessionService sessions = injector.getInstance(StreamingSessionService.class);
        ClientSendStats sendStats = injector.getInstance(ClientSendStats.class);

        StreamEndpointRoute.install(environment.getApplicationContext(), StreamUseCases.of(sessions),
                environment.getObjectMapper(), injector.getInstance(StreamEndpointSettings.class), sendStats);
        boolean demoPage = configuration.demo().enabled();
        WebAssets.install(environment.servlets(), demoPage);
        environment.lifecycle().addServerLifecycleListener(new StartupBanner(demoPage));

        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                sessions.endAll(ClientError.of(ErrorCode.SERVER_SHUTTING_DOWN, "the server is shutting down"));
            }
        });
        environment.healthChecks().register("sessions", new SessionsHealthCheck(sessions));
        HarkMetrics.register(environment.metrics(), sessions, injector.getInstance(SchedulerPort.class), sendStats);
    }
}
