package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.AudioEntry;
import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.session.SessionId;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Starts following a session's audio from a sample offset: reads the format and finds the chunk
 * that holds the offset (ids are start samples, so it is the last entry at or before it), then
 * hands the stream to the {@link StreamFollower} with a cursor just before that chunk.
 */
final class AudioFollow implements StreamSubscription {

    private final FunctionCalls calls;
    private final StreamFollower follower;
    private final SessionId id;
    private final long fromSample;
    private final StoreStreamListener<AudioEntry> listener;
    private StreamSubscription following;
    private boolean closed;

    AudioFollow(FunctionCalls calls, StreamFollower follower, SessionId id, long fromSample,
                StoreStreamListener<AudioEntry> listener) {
        if (fromSample < 0) {
            throw new IllegalArgumentException("negative fromSample");
        }
        this.calls = calls;
        this.follower = follower;
        this.id = id;
        this.fromSample = fromSample;
        this.listener = listener;
    }

    AudioFollow start() {
        CompletionStage<byte[]> format = calls.redis().hget(StoreKeys.session(id), "format");
        CompletionStage<List<StreamMessage<String, byte[]>>> holder = calls.redis().xrevrange(StoreKeys.audio(id),
                Range.create("-", fromSample + "-1"), Limit.create(0, 1));
        format.thenCombine(holder, this::begin).whenComplete((started, failure) -> {
            if (failure != null) {
                listener.onUnavailable(StoreFailures.unavailable(failure));
            }
        });
        return this;
    }

    private boolean begin(byte[] storedFormat, List<StreamMessage<String, byte[]>> holder) {
        if (storedFormat == null) {
            listener.onUnavailable(new Unavailable(Unavailable.Cause.REFUSED, "session " + id + " is not stored"));
            return false;
        }
        AudioFormat format = StoredFormat.read(new String(storedFormat, StandardCharsets.UTF_8));
        long from = fromSample;
        if (!holder.isEmpty()) {
            StreamMessage<String, byte[]> chunk = holder.getFirst();
            byte[] end = chunk.getBody().get("e");
            if (end != null && Long.parseLong(new String(end, StandardCharsets.US_ASCII)) > fromSample) {
                from = StreamIds.first(chunk.getId());
            }
        }
        synchronized (this) {
            if (closed) {
                return false;
            }
            following = follower.follow(StoreKeys.audio(id), StreamIds.before(from),
                    new AudioEntries(format, fromSample), listener);
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (following != null) {
            following.close();
        }
    }
}
