package dev.hark.infrastructure.outbound.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Hark's Redis Functions ({@code hark_1.lua}). The library name carries its version, and so do
 * the functions: processes of two Hark versions can share one Redis during a rolling deploy,
 * each calling its own. Loaded with {@code FUNCTION LOAD REPLACE} at start; Redis persists it
 * (AOF), and a call that finds it missing (a Redis that lost its data) loads it and retries once,
 * which is safe because the missing function ran nothing.
 */
final class FunctionLibrary {

    static final String NAME = "hark_1";

    static final String CREATE = NAME + "_create";
    static final String ATTACH = NAME + "_attach";
    static final String ROTATE_TOKEN = NAME + "_rotate_token";
    static final String APPEND_AUDIO = NAME + "_append_audio";
    static final String MARK_AUDIO = NAME + "_mark_audio";
    static final String DETACH = NAME + "_detach";
    static final String TAKE_OVER = NAME + "_take_over";
    static final String PUBLISH_FINAL = NAME + "_publish_final";
    static final String PUBLISH_INTERIM = NAME + "_publish_interim";
    static final String FINISH = NAME + "_finish";
    static final String RELEASE = NAME + "_release";
    static final String INSPECT = NAME + "_inspect";
    static final String JOURNAL_OPEN = NAME + "_journal_open";
    static final String JOURNAL_FINAL = NAME + "_journal_final";
    static final String JOURNAL_TOKENS = NAME + "_journal_tokens";
    static final String JOURNAL_END = NAME + "_journal_end";
    static final String ADOPT = NAME + "_adopt";

    private static final String SOURCE = readSource();

    private FunctionLibrary() {
    }

    static CompletionStage<String> load(RedisAsyncCommands<String, byte[]> redis) {
        return redis.functionLoad(SOURCE, true);
    }

    /**
     * Calls {@code function} and hands back its reply array; fails like the command did.
     * All arguments travel as bytes: strings as UTF-8, numbers in decimal.
     */
    static CompletionStage<List<Object>> call(RedisAsyncCommands<String, byte[]> redis, String function,
                                              String[] keys, byte[]... args) {
        return fcall(redis, function, keys, args).handle((reply, failure) -> {
            if (failure != null && isMissingFunction(failure)) {
                return load(redis).thenCompose(loaded -> fcall(redis, function, keys, args));
            }
            return failure == null ? CompletableFuture.completedFuture(reply) : CompletableFuture.<List<Object>>failedFuture(failure);
        }).thenCompose(stage -> stage);
    }

    /** Calls a read-only function ({@code FCALL_RO}). */
    static CompletionStage<List<Object>> callReadOnly(RedisAsyncCommands<String, byte[]> redis, String function,
                                                      String[] keys) {
        return redis.<List<Object>>fcallReadOnly(function, ScriptOutputType.MULTI, keys).handle((reply, failure) -> {
            if (failure != null && isMissingFunction(failure)) {
                return load(redis).thenCompose(loaded ->
                        redis.<List<Object>>fcallReadOnly(function, ScriptOutputType.MULTI, keys));
            }
            return failure == null ? CompletableFuture.completedFuture(reply) : CompletableFuture.<List<Object>>failedFuture(failure);
        }).thenCompose(stage -> stage);
    }

    private static CompletionStage<List<Object>> fcall(RedisAsyncCommands<String, byte[]> redis, String function,
                                                       String[] keys, byte[]... args) {
        return redis.fcall(function, ScriptOutputType.MULTI, keys, args);
    }

    private static boolean isMissingFunction(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = cause.getMessage();
        return message != null && message.contains("Function not found");
    }

    private static String readSource() {
        try (InputStream in = FunctionLibrary.class.getResourceAsStream(NAME + ".lua")) {
            if (in == null) {
                throw new IllegalStateException(NAME + ".lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
