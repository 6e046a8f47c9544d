package dev.hark.infrastructure.outbound.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.store.Unavailable;
import io.lettuce.core.RedisException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreFailuresTest {

    /** Both of Lettuce's wordings for a full request queue (seen in StoreFailuresIT under load). */
    @ParameterizedTest
    @ValueSource(strings = {
        "Request queue size exceeded: 4. Commands are not accepted until the queue size drops.",
        "Internal stack size exceeded: 4. Commands are not accepted until the stack size drops."})
    void aFullRequestQueueIsOverloaded_whicheverWayLettuceSaysIt(String message) {
        Unavailable unavailable = StoreFailures.unavailable(new CompletionException(new RedisException(message)));

        assertThat(unavailable.cause()).isEqualTo(Unavailable.Cause.OVERLOADED);
    }
}
