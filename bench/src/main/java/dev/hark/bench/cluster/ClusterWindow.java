package dev.hark.bench.cluster;

import dev.hark.bench.load.LoadGenerator;
import dev.hark.bench.load.LoadResult;
import dev.hark.bench.run.ProcStat;
import dev.hark.bench.run.SystemCpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Samples a setup around the sending window: CPU and context switches of each of its processes
 * from {@code /proc} (as {@code ./hark bench} does for one), the generator's and everyone
 * else's CPU, and for the cluster setup Redis: commandstats reset at the start and read at the
 * end, its CPU, and, halfway through the window while every session streams, its memory
 * ({@code MEMORY USAGE} of the run's session keys). Sampling memory at
 * the end would race the sessions' closes, which delete their audio.
 */
final class ClusterWindow implements LoadGenerator.Window {

    private record Memory(Map<String, Long> bytesByKind, int sessionsWithKeys) {
    }

    private final Map<String, Long> pids;
    private final Optional<RedisProbe> redis;
    private final Duration sending;
    private final Set<String> sessionsBefore;
    private final long self = ProcessHandle.current().pid();
    private final Map<String, Double> cpu0 = new LinkedHashMap<>();
    private final Map<String, Double> cpu1 = new LinkedHashMap<>();
    private long switches0;
    private long switches1;
    private double selfCpu0;
    private double selfCpu1;
    private double busy0;
    private double busy1;
    private long startNanos;
    private long endNanos;
    private double loadBefore;
    private double loadAfter;
    private RedisInfo redisStart;
    private RedisInfo redisEnd;
    private CompletableFuture<Memory> memory;

    /**
     * @param sending how long the generator sends (the memory sample is taken halfway)
     * @param sessionsBefore sessions with keys in Redis before the run connected (the warm-up's leftovers)
     */
    ClusterWindow(Map<String, Long> pids, Optional<RedisProbe> redis, Duration sending, Set<String> sessionsBefore) {
        this.pids = Map.copyOf(pids);
        this.redis = redis;
        this.sending = sending;
        this.sessionsBefore = Set.copyOf(sessionsBefore);
    }

    @Override
    public void sendingStarts() {
        try {
            loadBefore = SystemCpu.loadAverage();
            redis.ifPresent(probe -> {
                probe.resetStats();
                redisStart = probe.info();
                memory = CompletableFuture.supplyAsync(() -> memory(probe),
                        CompletableFuture.delayedExecutor(sending.toMillis() / 2, TimeUnit.MILLISECONDS));
            });
            startNanos = System.nanoTime();
            for (Map.Entry<String, Long> pid : pids.entrySet()) {
                cpu0.put(pid.getKey(), ProcStat.cpuSeconds(pid.getValue()));
                switches0 += ProcStat.contextSwitches(pid.getValue());
            }
            selfCpu0 = ProcStat.cpuSeconds(self);
            busy0 = SystemCpu.busySeconds();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void sendingEnds() {
        try {
            endNanos = System.nanoTime();
            for (Map.Entry<String, Long> pid : pids.entrySet()) {
                cpu1.put(pid.getKey(), ProcStat.cpuSeconds(pid.getValue()));
                switches1 += ProcStat.contextSwitches(pid.getValue());
            }
            selfCpu1 = ProcStat.cpuSeconds(self);
            busy1 = SystemCpu.busySeconds();
            redis.ifPresent(probe -> redisEnd = probe.info());
            loadAfter = SystemCpu.loadAverage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Memory memory(RedisProbe probe) {
        Map<String, List<String>> keys = probe.sessionKeys();
        Set<String> fresh = RedisProbe.newSessions(sessionsBefore, keys.keySet());
        Map<String, Long> bytes = new TreeMap<>();
        for (String session : fresh) {
            probe.memoryUsage(keys.get(session), bytes);
        }
        return new Memory(bytes, fresh.size());
    }

    SetupMeasurement measurement(Deployment.Setup setup, LoadResult result) throws InterruptedException {
        double seconds = (endNanos - startNanos) / 1e9;
        Map<String, Double> cpu = new LinkedHashMap<>();
        double setupCpu = 0;
        for (String name : cpu0.keySet()) {
            double used = cpu1.get(name) - cpu0.get(name);
            setupCpu += used;
            cpu.put(name, 100 * used / seconds);
        }
        double selfCpu = selfCpu1 - selfCpu0;
        double other = Math.max(0, (busy1 - busy0) - setupCpu - selfCpu);
        Optional<RedisCost> cost = Optional.empty();
        if (redis.isPresent()) {
            try {
                Memory sample = memory.get();
                cost = Optional.of(RedisCost.over(redisStart, redisEnd, result.started(), seconds,
                        sample.bytesByKind(), sample.sessionsWithKeys()));
            } catch (ExecutionException e) {
                throw new IllegalStateException("the Redis memory sample failed", e.getCause());
            }
        }
        return new SetupMeasurement(setup, result, cpu, (switches1 - switches0) / (double) Math.max(1, result.framesSent()),
                100 * selfCpu / seconds, 100 * other / seconds, cost, loadBefore, loadAfter);
    }
}
