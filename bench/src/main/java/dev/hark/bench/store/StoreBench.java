package dev.hark.bench.store;

import dev.hark.application.port.outbound.store.AppendOutcome;
import dev.hark.application.port.outbound.store.CreateOutcome;
import dev.hark.application.port.outbound.store.NewSession;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import dev.hark.infrastructure.outbound.redis.LettuceGatewayStoreAdapter;
import dev.hark.infrastructure.outbound.redis.RedisConnections;
import dev.hark.infrastructure.outbound.redis.RedisSettings;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Measures the store's hot write, {@code hark_1_append_audio} (a fenced, idempotent append of a
 * 100 ms chunk of 16 kHz audio), through {@link LettuceGatewayStoreAdapter}: one caller waiting
 * for each answer, four such callers at once, and one caller keeping up to 256 appends in flight
 * (Lettuce pipelines them on its shared connection); then Redis's memory per retained second.
 * Usage: {@code store [--appends N] [--sessions S] [--seconds T]}.
 */
public final class StoreBench {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    private static final int CHUNK = 1600;
    private static final ResumeToken TOKEN = new ResumeToken("bench-token-0123456789");
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        int appends = option(options, "--appends", 20_000);
        int sessions = option(options, "--sessions", 100);
        int seconds = option(options, "--seconds", 10);
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisConnections connections = RedisConnections.open(RedisSettings.defaults(redis.uri()));
             LettuceGatewayStoreAdapter store = new LettuceGatewayStoreAdapter(connections)) {
            System.out.println("redis-server (AOF everysec), 100 ms chunks of 16 kHz mono (3200 bytes)");
            sequential(store, appends / 4); // warm-up
            report("1 caller, unpipelined", sequential(store, appends));
            report("4 callers, unpipelined", concurrent(store, appends, 4));
            report("1 caller, 256 in flight", pipelined(store, appends, 256));
            memory(redis, store, sessions, seconds);
        }
    }

    private record Run(long appends, long nanos, Histogram latency) {
    }

    private static Run sequential(LettuceGatewayStoreAdapter store, int appends) {
        Histogram latency = new Histogram(3);
        SessionId id = session(store, Duration.ofSeconds(30));
        long began = System.nanoTime();
        for (int i = 0; i < appends; i++) {
            long sent = System.nanoTime();
            AppendOutcome outcome = store.appendAudio(id, Generation.FIRST, chunk(i)).toCompletableFuture().join();
            latency.recordValue((System.nanoTime() - sent) / 1000);
            require(outcome);
        }
        return new Run(appends, System.nanoTime() - began, latency);
    }

    private static Run concurrent(LettuceGatewayStoreAdapter store, int appends, int callers) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        long began = System.nanoTime();
        for (int c = 0; c < callers; c++) {
            Thread thread = new Thread(() -> {
                Run run = sequential(store, appends / callers);
                synchronized (runs) {
                    runs.add(run);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram all = new Histogram(3);
        runs.forEach(run -> all.add(run.latency()));
        return new Run(all.getTotalCount(), System.nanoTime() - began, all);
    }

    private static Run pipelined(LettuceGatewayStoreAdapter store, int appends, int inFlight) {
        Histogram latency = new Histogram(3);
        SessionId id = session(store, Duration.ofSeconds(30));
        Semaphore window = new Semaphore(inFlight);
        List<CompletableFuture<AppendOutcome>> all = new ArrayList<>(appends);
        long began = System.nanoTime();
        for (int i = 0; i < appends; i++) {
            window.acquireUninterruptibly();
            long sent = System.nanoTime();
            all.add(store.appendAudio(id, Generation.FIRST, chunk(i)).toCompletableFuture().whenComplete((outcome, failure) -> {
                synchronized (latency) {
                    latency.recordValue((System.nanoTime() - sent) / 1000);
                }
                window.release();
            }));
        }
        all.forEach(future -> require(future.join()));
        return new Run(appends, System.nanoTime() - began, latency);
    }

    private static void memory(RedisServerProcess redis, LettuceGatewayStoreAdapter store, int sessions, int seconds) {
        long before = usedMemory(redis);
        List<SessionId> ids = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            ids.add(session(store, Duration.ofSeconds(seconds + 1)));
        }
        List<CompletableFuture<AppendOutcome>> all = new ArrayList<>();
        for (int i = 0; i < seconds * 10; i++) {
            for (SessionId id : ids) {
                all.add(store.appendAudio(id, Generation.FIRST, chunk(i)).toCompletableFuture());
            }
        }
        all.forEach(future -> require(future.join()));
        long after = usedMemory(redis);
        double perSecond = (after - before) / (double) (sessions * seconds);
        Long oneStream = redis.admin().memoryUsage("hark:s:{" + ids.getFirst().value() + "}:audio");
        System.out.printf("memory: %d sessions x %d s retained: used_memory +%.1f MB, %.1f KB per session-second "
                        + "(raw PCM 31.25 KB); one session's audio stream (MEMORY USAGE): %.1f KB%n",
                sessions, seconds, (after - before) / 1e6, perSecond / 1024,
                oneStream == null ? 0.0 : oneStream / 1024.0);
    }

    private static long usedMemory(RedisServerProcess redis) {
        for (String line : redis.admin().info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO memory");
    }

    private static void report(String name, Run run) {
        double perSecond = run.appends() / (run.nanos() / 1e9);
        System.out.printf("%-26s %8.0f appends/s   p50 %6.3f ms   p99 %6.3f ms   (%d appends)%n", name, perSecond,
                run.latency().getValueAtPercentile(50) / 1000.0, run.latency().getValueAtPercentile(99) / 1000.0,
                run.appends());
    }

    private static SessionId session(LettuceGatewayStoreAdapter store, Duration retained) {
        SessionId id = new SessionId("bench-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet());
        CreateOutcome created = store.create(new NewSession(id, FORMAT, TOKEN, new NodeId("bench"), retained, 1000))
                .toCompletableFuture().join();
        if (!(created instanceof CreateOutcome.Created)) {
            throw new IllegalStateException("create answered " + created);
        }
        return id;
    }

    private static PcmChunk chunk(int index) {
        return new PcmChunk((long) index * CHUNK, new byte[CHUNK * 2], FORMAT);
    }

    private static void require(AppendOutcome outcome) {
        if (!(outcome instanceof AppendOutcome.Appended)) {
            throw new IllegalStateException("append answered " + outcome);
        }
    }

    private static int option(List<String> options, String name, int fallback) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? Integer.parseInt(options.get(at + 1)) : fallback;
    }
}
