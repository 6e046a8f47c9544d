package dev.hark.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One run of the generator.
 *
 * @param target     the server's {@code /v1/stream} URI, without a query
 * @param sessions   concurrent sessions
 * @param duration   how long each session sends audio; it sends exactly
 *                   {@code duration / frame} frames, then {@code close_stream}
 * @param audio      what each session sends, looped
 * @param frameMillis the length of one frame, and the send period per session
 * @param drainTimeout how long to wait after the last send for every session to close
 */
public record LoadPlan(URI target, int sessions, Duration duration, AudioLoop audio, int frameMillis,
                       Duration drainTimeout) {

    public LoadPlan {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (sessions < 1 || frameMillis < 1 || duration.toMillis() < frameMillis) {
            throw new IllegalArgumentException("need at least one session sending one frame");
        }
    }

    public int framesPerSession() {
        return (int) (duration.toMillis() / frameMillis);
    }

    public long frameNanos() {
        return frameMillis * 1_000_000L;
    }

    public URI streamUri() {
        return URI.create(target + "?" + audio.query());
    }
}
