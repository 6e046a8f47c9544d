package dev.hark.infrastructure.client;

/**
 * Receives the server's events in the order they arrived, on a Jetty thread: implementations
 * must not block.
 */
@FunctionalInterface
public interface StreamListener {

    void onEvent(StreamEvent event);

    static StreamListener ignoring() {
        return event -> { };
    }
}
