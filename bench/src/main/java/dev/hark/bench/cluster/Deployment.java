package dev.hark.bench.cluster;

import dev.hark.bench.run.ServerLauncher;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One setup under test, running: either one Hark process in role {@code all}, or a redis-server
 * (the tests' {@link RedisServerProcess}: free loopback port, temporary directory, AOF on,
 * {@code noeviction}) with one worker and one gateway over it. Owns every process it started and
 * stops them gateway first, Redis last.
 */
final class Deployment implements AutoCloseable {

    /** The two setups the cluster bench compares. */
    enum Setup {
        SINGLE("all"), CLUSTER("gw+wk+redis");

        final String label;

        Setup(String label) {
            this.label = label;
        }
    }

    private final Map<String, ServerLauncher.Running> harks; // in start order
    private final RedisServerProcess redis;
    private final URI streamUri;

    private Deployment(Map<String, ServerLauncher.Running> harks, RedisServerProcess redis, URI streamUri) {
        this.harks = harks;
        this.redis = redis;
        this.streamUri = streamUri;
    }

    static Deployment start(Setup setup, ServerLauncher launcher) throws IOException, InterruptedException {
        return switch (setup) {
            case SINGLE -> {
                ServerLauncher.Running hark = launcher.hark(List.of());
                yield new Deployment(new LinkedHashMap<>(Map.of("hark", hark)), null, hark.streamUri());
            }
            case CLUSTER -> cluster(launcher);
        };
    }

    /** Redis, then the worker, then the gateway; if one fails, those already started are stopped. */
    private static Deployment cluster(ServerLauncher launcher) throws IOException, InterruptedException {
        RedisServerProcess redis = RedisServerProcess.start();
        Map<String, ServerLauncher.Running> harks = new LinkedHashMap<>();
        try {
            harks.put("worker", launcher.clusterNode("worker", redis.uri()));
            harks.put("gateway", launcher.clusterNode("gateway", redis.uri()));
        } catch (IOException | RuntimeException | InterruptedException e) {
            new Deployment(harks, redis, null).close();
            throw e;
        }
        return new Deployment(harks, redis, harks.get("gateway").streamUri());
    }

    URI streamUri() {
        return streamUri;
    }

    /** Every process of the setup by name, Redis included: whose CPU the setup costs. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        harks.forEach((name, running) -> pids.put(name, running.process().pid()));
        if (redis != null) {
            pids.put("redis", redis.pid());
        }
        return pids;
    }

    Optional<RedisProbe> redisProbe() {
        return redis == null ? Optional.empty() : Optional.of(new RedisProbe(redis.admin()));
    }

    @Override
    public void close() throws InterruptedException {
        List<String> names = new ArrayList<>(harks.keySet());
        Collections.reverse(names); // the gateway before the worker it feeds
        for (String name : names) {
            harks.get(name).close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
