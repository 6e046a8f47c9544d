package dev.hark.emulator.deepgram;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What clients did, for test assertions: one {@link ConnectionObservation} per handshake on
 * {@code /v1/listen} (accepted or not), in arrival order. Thread-safe; every accessor returns
 * a snapshot that later traffic does not change.
 */
public final class EmulatorObservations {

    private final List<ConnectionRecorder> connections = new CopyOnWriteArrayList<>();

    EmulatorObservations() {
    }

    /** Handshakes seen so far, including rejected and still-delayed ones. */
    public int connectionCount() {
        return connections.size();
    }

    public List<ConnectionObservation> connections() {
        return connections.stream().map(ConnectionRecorder::snapshot).toList();
    }

    /** @throws IndexOutOfBoundsException when fewer connections arrived */
    public ConnectionObservation connection(int index) {
        return connections.get(index).snapshot();
    }

    /** @throws java.util.NoSuchElementException when no connection arrived yet */
    public ConnectionObservation last() {
        return connections.getLast().snapshot();
    }

    synchronized ConnectionRecorder register(String requestId, Map<String, List<String>> query,
                                             Map<String, List<String>> headers) {
        ConnectionRecorder recorder = new ConnectionRecorder(connections.size(), requestId, query, headers);
        connections.add(recorder);
        return recorder;
    }
}
