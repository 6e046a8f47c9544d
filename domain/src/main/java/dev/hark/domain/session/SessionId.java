package dev.hark.domain.session;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one logical transcription stream. It survives client reconnects, so it is not
 * secret: knowing it is not enough to attach (that takes a {@link ResumeToken}).
 */
public record SessionId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    public SessionId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("session id must be 8-64 characters of [A-Za-z0-9_-]");
        }
    }

    /** True when {@code candidate} could be a session id; lets adapters reject junk without exceptions. */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
