package dev.hark.application.port.outbound.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one Hark process (a gateway or a worker) for as long as it lives. A restarted process
 * takes a new id, so a lease that lapsed is never renewed by a successor under the same name.
 */
public record NodeId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("node id must be 1-64 characters of [A-Za-z0-9_-]");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
