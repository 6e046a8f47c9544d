package dev.hark.bench.jmh;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.application.service.SessionSettings;
import dev.hark.application.service.StreamingSessionService;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.StreamOptions;
import dev.hark.infrastructure.inbound.websocket.CodecAccess;
import dev.hark.infrastructure.outbound.echo.EchoRecognizerAdapter;
import dev.hark.infrastructure.outbound.metrics.DropwizardSessionMetricsAdapter;
import dev.hark.infrastructure.outbound.scheduling.ExecutorSchedulerAdapter;
import dev.hark.infrastructure.outbound.scheduling.SystemTickerAdapter;
import dev.hark.infrastructure.outbound.secrets.SecureRandomSecretSourceAdapter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Everything Hark does for one client frame except socket I/O and thread switches: the
 * endpoint's copy of the payload, the registry lookup and lane hop, the guard and frame check,
 * the ledger, the chunker, the echo recognizer, the final's way back (acknowledgement, numbering,
 * the resume outbox) and its JSON encoding. The real service and adapters are wired as in
 * production, except that every executor runs its task inline, so one benchmark op is one frame
 * in and one encoded final out. Run with {@code -prof gc} to see the bytes allocated per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionFramePathBenchmark {

    private final byte[] payload = new byte[640];
    private ScheduledExecutorService timers;
    private StreamingSessionService sessions;
    private StreamHandle handle;

    /** Encodes every message like the real channel does, then hands the text to the blackhole instead of a socket. */
    private record EncodingChannel(Function<ServerMessage, String> codec, Blackhole sink) implements ClientChannelPort {
        @Override
        public void send(ServerMessage message) {
            sink.consume(codec.apply(message));
        }

        @Override
        public void closeNormally() {
        }

        @Override
        public void closeFor(ErrorCode reason) {
        }
    }

    @Setup
    public void setUp(Blackhole sink) {
        timers = Executors.newSingleThreadScheduledExecutor();
        sessions = new StreamingSessionService(new EchoRecognizerAdapter(Runnable::run),
                new SecureRandomSecretSourceAdapter(), Runnable::run, new ExecutorSchedulerAdapter(timers),
                new SystemTickerAdapter(), new DropwizardSessionMetricsAdapter(new MetricRegistry()), SessionSettings.DEFAULTS);
        OpenOutcome outcome = sessions.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), false, "en", 65_536), "127.0.0.1"),
                new EncodingChannel(CodecAccess.encoder(new ObjectMapper()), sink));
        handle = ((OpenOutcome.Opening) outcome).handle();
    }

    @TearDown
    public void tearDown() {
        timers.shutdownNow();
    }

    @Benchmark
    public Routing pushFrame() {
        byte[] copy = payload.clone(); // the endpoint copies every frame out of Jetty's buffer
        return sessions.pushAudio(handle, copy, () -> { });
    }
}
