package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.Unavailable;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what Lettuce throws into the typed {@link Unavailable} the ports promise. */
final class StoreFailures {

    private StoreFailures() {
    }

    static Unavailable unavailable(Throwable failure) {
        Throwable cause = unwrap(failure);
        String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        if (cause instanceof RedisCommandTimeoutException) {
            return new Unavailable(Unavailable.Cause.TIMEOUT, detail);
        }
        if (cause instanceof RedisCommandExecutionException) {
            return new Unavailable(Unavailable.Cause.REFUSED, detail);
        }
        // the bounded request queue (ClientOptions.requestQueueSize) says it in one of two ways,
        // depending on whether the command was refused before or after it reached the channel
        if (message.contains("Request queue size exceeded") || message.contains("Internal stack size exceeded")) {
            return new Unavailable(Unavailable.Cause.OVERLOADED, detail);
        }
        if (cause instanceof RedisConnectionException || cause instanceof CancellationException
                || message.contains("not connected") || message.contains("disconnected")
                || message.contains("closed")) {
            return new Unavailable(Unavailable.Cause.DISCONNECTED, detail);
        }
        return new Unavailable(Unavailable.Cause.REFUSED, detail);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
