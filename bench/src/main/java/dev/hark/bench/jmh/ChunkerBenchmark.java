package dev.hark.bench.jmh;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.audio.Chunker;
import dev.hark.domain.audio.PcmChunk;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One 20 ms client frame (640 bytes, 16 kHz mono) offered to a session's chunker, time moving
 * on 20 ms per frame. {@code default}: the shipped policy, 100 ms chunks, so every fifth offer
 * cuts and copies a chunk; {@code passthrough}: the echo provider's policy, one chunk per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkerBenchmark {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    private static final long FRAME_NANOS = 20_000_000L;

    @Param({"default", "passthrough"})
    public String policy;

    private Chunker chunker;
    private Blackhole sink;
    private long sample;
    private long now;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        ChunkPolicy chosen = policy.equals("default") ? ChunkPolicy.DEFAULTS
                : new ChunkPolicy(Duration.ofSeconds(10), Duration.ZERO);
        chunker = new Chunker(FORMAT, chosen, chosen.minChunk().plus(chosen.maxLatency()).plusSeconds(3),
                (chunk, nowNanos) -> sink.consume(chunk));
    }

    @Benchmark
    public Chunker.Offer offerFrame() {
        PcmChunk frame = new PcmChunk(sample, new byte[640], FORMAT);
        sample += 320;
        now += FRAME_NANOS;
        return chunker.offer(frame, now);
    }
}
