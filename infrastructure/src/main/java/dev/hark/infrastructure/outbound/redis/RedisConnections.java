package dev.hark.infrastructure.outbound.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Owns the Lettuce client, its threads and every connection Hark opens to Redis: one shared,
 * multiplexed connection for commands (pipelined by Lettuce), plus dedicated connections for
 * blocking reads, which would hold up everything queued behind them on a shared one.
 * Keys are strings, values bytes (audio travels as raw PCM).
 */
public final class RedisConnections implements AutoCloseable {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final List<StatefulRedisConnection<String, byte[]>> dedicated = new ArrayList<>();

    private RedisConnections(RedisSettings settings) {
        this.settings = settings;
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(settings.reconnectMinDelay(), settings.reconnectMaxDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(options(settings));
        this.commands = client.connect(CODEC, uri("hark-commands"));
    }

    /** Connects (bounded by the connect timeout; fails when Redis is not there) and loads Hark's functions. */
    public static RedisConnections open(RedisSettings settings) {
        RedisConnections connections = new RedisConnections(settings);
        try {
            FunctionLibrary.load(connections.commands.async()).toCompletableFuture()
                    .get(settings.connectTimeout().plus(settings.commandTimeout()).toMillis(), TimeUnit.MILLISECONDS);
            return connections;
        } catch (Exception e) {
            connections.close();
            throw new IllegalStateException("could not load Hark's Redis functions", e);
        }
    }

    public RedisSettings settings() {
        return settings;
    }

    /** The shared command connection. */
    StatefulRedisConnection<String, byte[]> commands() {
        return commands;
    }

    /** A new connection of its own for blocking reads, named {@code name} in {@code CLIENT LIST}; closed with this. */
    synchronized StatefulRedisConnection<String, byte[]> dedicated(String name) {
        StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC, uri(name));
        dedicated.add(connection);
        return connection;
    }

    /** Lettuce's scheduler, for retrying a failed read later without a thread of our own. */
    ClientResources resources() {
        return resources;
    }

    @Override
    public synchronized void close() {
        dedicated.forEach(StatefulRedisConnection::close);
        dedicated.clear();
        if (commands != null) {
            commands.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private RedisURI uri(String clientName) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        uri.setClientName(clientName);
        return uri;
    }

    private static ClientOptions options(RedisSettings settings) {
        long commandMillis = settings.commandTimeout().toMillis();
        long blockingMillis = commandMillis + settings.maxBlock().toMillis();
        return ClientOptions.builder()
                .autoReconnect(true)
                // fail fast while disconnected instead of queueing without bound (H35)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.requestQueueSize())
                // blocking reads are re-issued by their owner with fresh cursors; replaying an
                // XREADGROUP would hand entries to a caller that already gave up on them
                .replayFilter(RedisConnections::isBlockingRead)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(true).timeoutSource(new TimeoutOptions.TimeoutSource() {
                    @Override
                    public long getTimeout(RedisCommand<?, ?, ?> command) {
                        return isBlockingRead(command) ? blockingMillis : commandMillis;
                    }

                    @Override
                    public TimeUnit getTimeUnit() {
                        return TimeUnit.MILLISECONDS;
                    }
                }).build())
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build())
                .build();
    }

    private static boolean isBlockingRead(RedisCommand<?, ?, ?> command) {
        ProtocolKeyword type = command.getType();
        return type == CommandType.XREAD || type == CommandType.XREADGROUP;
    }
}
