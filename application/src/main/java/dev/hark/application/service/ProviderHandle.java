package dev.hark.application.service;

import dev.hark.application.port.outbound.RecognizerStream;

/**
 * A recognizer stream with the epoch of the connect attempt that produced it. Events carry the
 * epoch of the listener they came through, so events of a replaced stream are recognisably stale (H1).
 */
record ProviderHandle(long epoch, RecognizerStream stream) {

    boolean isOpen() {
        return stream.isOpen();
    }

    void abort() {
        stream.abort();
    }
}
