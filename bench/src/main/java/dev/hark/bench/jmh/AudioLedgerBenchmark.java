package dev.hark.bench.jmh;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.AudioLedger;
import dev.hark.domain.audio.PcmChunk;
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

/**
 * The session's audio buffer for replay: one 20 ms frame retained, and acknowledged by a final
 * after {@code ackEvery} frames (1: the echo provider, a final per frame; 50: a final per second,
 * closer to a real recognizer, so the ledger holds about a second of audio).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AudioLedgerBenchmark {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);

    @Param({"1", "50"})
    public int ackEvery;

    private AudioLedger ledger;
    private final byte[] pcm = new byte[640];
    private long frames;

    @Setup
    public void setUp() {
        ledger = new AudioLedger(30L * FORMAT.sampleRate());
    }

    @Benchmark
    public long retainAndAcknowledge() {
        PcmChunk frame = new PcmChunk(ledger.received(), pcm, FORMAT);
        long released = ledger.retain(frame);
        if (++frames % ackEvery == 0) {
            ledger.acknowledgeThrough(ledger.received());
        }
        return released;
    }
}
