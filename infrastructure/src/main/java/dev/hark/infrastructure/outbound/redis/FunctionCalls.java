package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.Unavailable;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Calls a {@code hark_1} function and maps its reply to a typed outcome; a failure of the
 * command, or a reply the mapping does not understand, becomes {@link Unavailable}. The returned
 * stage never completes exceptionally.
 */
final class FunctionCalls {

    private final RedisAsyncCommands<String, byte[]> redis;

    FunctionCalls(RedisConnections connections) {
        this.redis = connections.commands().async();
    }

    RedisAsyncCommands<String, byte[]> redis() {
        return redis;
    }

    <T> CompletionStage<T> call(String function, String[] keys, byte[][] args, Function<FunctionReply, T> map,
                                Function<Unavailable, T> unavailable) {
        return replies(FunctionLibrary.call(redis, function, keys, args), map, unavailable);
    }

    <T> CompletionStage<T> callReadOnly(String function, String[] keys, Function<FunctionReply, T> map,
                                        Function<Unavailable, T> unavailable) {
        return replies(FunctionLibrary.callReadOnly(redis, function, keys), map, unavailable);
    }

    /** Maps any command's result; failures and unmappable replies become {@link Unavailable}. */
    static <R, T> CompletionStage<T> mapped(CompletionStage<R> stage, Function<R, T> map,
                                            Function<Unavailable, T> unavailable) {
        return stage.handle((reply, failure) -> {
            if (failure != null) {
                return unavailable.apply(StoreFailures.unavailable(failure));
            }
            try {
                return map.apply(reply);
            } catch (RuntimeException e) {
                return unavailable.apply(new Unavailable(Unavailable.Cause.REFUSED, "unexpected reply: " + e));
            }
        });
    }

    private static <T> CompletionStage<T> replies(CompletionStage<List<Object>> stage, Function<FunctionReply, T> map,
                                                  Function<Unavailable, T> unavailable) {
        return mapped(stage, reply -> map.apply(new FunctionReply(reply)), unavailable);
    }
}
