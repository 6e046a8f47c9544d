package dev.hark.bench.jmh;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.session.FrameVerdict;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.Session;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every client frame passes in the domain before anything else: the generation guard
 * (is this frame from the current attachment, H1) and the frame check that stamps it on the
 * session's audio clock.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GenerationGuardBenchmark {

    private Session session;
    private Generation current;
    private Generation stale;
    private final byte[] pcm = new byte[640];

    @Setup
    public void setUp() {
        session = Session.start(new SessionId("bench-session-1"), new ResumeToken("bench-resume-token-0123456789"),
                new StreamOptions(AudioFormat.linear16Mono(16_000), false, "en", 65_536), 1000, 0L);
        session.activate();
        current = session.generation();
        stale = new Generation(current.value() + 1);
    }

    @Benchmark
    public boolean guardOnly() {
        return session.isCurrent(current) & !session.isCurrent(stale);
    }

    @Benchmark
    public FrameVerdict guardAndAcceptFrame() {
        return session.isCurrent(current) ? session.acceptAudio(pcm) : null;
    }
}
