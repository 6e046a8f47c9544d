package dev.hark.bench.jmh;

import dev.hark.application.service.LanePool;
import dev.hark.application.service.SerialLane;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The bookkeeping of one hop onto a session lane (queue, lock, drain) without a thread switch:
 * the lane's executor runs the drain inline. A frame makes three such hops in Hark with the
 * echo provider (frame, final, and the echo stream's own lane); the thread switches between
 * them are in the load test's numbers, not here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerialLaneBenchmark {

    private SerialLane lane;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        lane = new SerialLane(Runnable::run, failure -> { });
    }

    @Benchmark
    public void executeOneTask() {
        lane.execute(() -> sink.consume(this));
    }

    /**
     * A lane on a real one-thread pool, submitted to from the benchmark thread, which waits until
     * the task ran: {@code inlineTasks = 0} hands every task to the pool thread (wake-up, context
     * switch: what every hop cost before lanes ran inline), {@code 4} runs it on the submitter.
     */
    @State(Scope.Thread)
    public static class PooledLane {

        @Param({"0", "4"})
        public int inlineTasks;

        private ExecutorService pool;
        private SerialLane lane;
        private volatile boolean ran;
        private Runnable task;

        @Setup
        public void setUp() {
            pool = Executors.newSingleThreadExecutor();
            lane = new SerialLane(new LanePool(pool, inlineTasks), failure -> { });
            task = () -> ran = true;
        }

        @TearDown
        public void tearDown() {
            pool.shutdownNow();
        }
    }

    @Benchmark
    public void executeAndAwaitOnAPool(PooledLane state) {
        state.ran = false;
        state.lane.execute(state.task);
        while (!state.ran) {
            Thread.onSpinWait();
        }
    }
}
