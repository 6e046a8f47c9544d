package dev.hark.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.hark.application.access.AccessService;
import dev.hark.application.access.AccessSettings;
import dev.hark.application.port.inbound.HealthQuery;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.service.DrainCoordinator;
import dev.hark.application.service.DrainSettings;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.service.StreamingSessionService;
import dev.hark.bootstrap.cli.DeepgramEmulatorCommand;
import dev.hark.bootstrap.cli.TranscribeCommand;
import dev.hark.bootstrap.config.ClusterRole;
import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.wiring.ClusterRoles;
import dev.hark.bootstrap.config.LoopbackBinding;
import dev.hark.bootstrap.health.HarkMetrics;
import dev.hark.bootstrap.health.LivenessHealthCheck;
import dev.hark.bootstrap.health.PrometheusGauges;
import dev.hark.bootstrap.health.SessionsHealthCheck;
import dev.hark.bootstrap.lifecycle.DrainBeforeJettyStops;
import dev.hark.bootstrap.lifecycle.ExitZeroOnSigterm;
import dev.hark.bootstrap.web.StartupBanner;
import dev.hark.bootstrap.web.WebAssets;
import dev.hark.bootstrap.wiring.HarkModule;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.infrastructure.inbound.access.AccessGrantServlet;
import dev.hark.infrastructure.inbound.access.RedactingRequestLog;
import dev.hark.infrastructure.inbound.access.UpgradeGate;
import dev.hark.infrastructure.inbound.deepgram.ListenRoute;
import dev.hark.infrastructure.inbound.health.HealthServlet;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import dev.hark.infrastructure.inbound.websocket.StreamEndpointRoute;
import dev.hark.infrastructure.inbound.websocket.StreamEndpointSettings;
import dev.hark.infrastructure.outbound.scheduling.ExecutorSchedulerAdapter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

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

    /** Typed liveness and readiness, and the Prometheus exposition, on the admin port. */
    private static void installHealthAndPrometheus(Injector injector, Environment environment,
                                                   StreamingSessionService sessions, ExecutorSchedulerAdapter timers,
                                                   ClientSendStats sendStats) {
        HealthQuery health = injector.getInstance(HealthQuery.class);
        environment.healthChecks().register("liveness", new LivenessHealthCheck(health));
        environment.admin().addServlet("health", new HealthServlet(health, environment.getObjectMapper()))
                .addMapping(HealthServlet.LIVE, HealthServlet.READY);
        PrometheusRegistry prometheus = injector.getInstance(PrometheusRegistry.class);
        PrometheusGauges.register(prometheus, sessions, injector.getInstance(DrainCoordinator.class),
                injector.getInstance(RecognizerCapacityPort.class), health, timers, timers::failedTasks, sendStats);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(prometheus)).addMapping(PROMETHEUS_PATH);
    }

    /** Where Prometheus scrapes (the admin port's {@code /metrics} stays Dropwizard's JSON). */
    public static final String PROMETHEUS_PATH = "/prometheus";

    /** The client endpoints: {@code /v1/stream}, {@code /v1/listen}, the token grant (every role but worker). */
    private static void installPublicRoutes(HarkConfiguration configuration, Environment environment, Injector injector,
                                        StreamingSessionService sessions, ClientSendStats sendStats,
                                        AccessService access) {
        StreamEndpointSettings streamSettings = injector.getInstance(StreamEndpointSettings.class);
        UpgradeGate gate = new UpgradeGate(access); // one credential check for /v1/stream and /v1/listen
        StreamEndpointRoute.install(environment.getApplicationContext(), sessions,
                environment.getObjectMapper(), streamSettings, sendStats, gate);
        ListenRoute.install(environment.getApplicationContext(), sessions, sessions,
                environment.getObjectMapper(), configuration.listen().build(streamSettings.maxFrameBytes()),
                injector.getInstance(SchedulerPort.class), injector.getInstance(Clock.class),
                injector.getInstance(TickerPort.class), sendStats, gate);
        environment.servlets().addServlet("access-grant", new AccessGrantServlet(access, environment.getObjectMapper()))
                .addMapping(AccessGrantServlet.PATH);
    }

    @Override
    public void run(HarkConfiguration configuration, Environment environment) {
        Injector injector = Guice.createInjector(new HarkModule(configuration, environment, this::decorateRecognizer));
        LoopbackBinding.apply(injector.getInstance(AccessSettings.class), configuration.getServerFactory());
        StreamingSessionService sessions = injector.getInstance(StreamingSessionService.class);
        ClientSendStats sendStats = injector.getInstance(ClientSendStats.class);
        AccessService access = injector.getInstance(AccessService.class);

        ClusterRole role = configuration.cluster().role();
        if (role == ClusterRole.WORKER) {
            ClusterRoles.install(injector, configuration, environment);
        } else {
            installPublicRoutes(configuration, environment, injector, sessions, sendStats, access);
        }
        if (role == ClusterRole.GATEWAY) {
            ClusterRoles.installStoreHealth(injector, environment);
        }
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    RedactingRequestLog.installOn(server); // before it starts, whatever the log format
                }
            }
        });
        boolean demoPage = configuration.demo().enabled();
        WebAssets.install(environment.servlets(), demoPage);
        environment.lifecycle().addServerLifecycleListener(new StartupBanner(demoPage));

        DrainSettings drain = configuration.drain().build();
        environment.lifecycle().addEventListener(new DrainBeforeJettyStops(injector.getInstance(DrainCoordinator.class),
                drain.timeout().plus(drain.finalizeTimeout())));
        environment.lifecycle().addServerLifecycleListener(server -> ExitZeroOnSigterm.install());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                // after the drain nothing should be left; whatever is, ends here
                sessions.endAll(ClientError.of(ErrorCode.SERVER_SHUTTING_DOWN, "the server is shutting down"));
            }
        });
        environment.healthChecks().register("sessions", new SessionsHealthCheck(sessions));
        ExecutorSchedulerAdapter timers = injector.getInstance(ExecutorSchedulerAdapter.class);
        HarkMetrics.register(environment.metrics(), sessions, timers, timers::failedTasks, sendStats);
        installHealthAndPrometheus(injector, environment, sessions, timers, sendStats);
    }
}
