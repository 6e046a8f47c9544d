package dev.hark.emulator.deepgram;

import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.PcmChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The connection's hold on its recognizer stream, which opens asynchronously: calls made
 * before it opens are kept and replayed in order when it does, and a stream that opens after
 * the connection ended is aborted at once, so no stream outlives its connection. Thread-safe:
 * the open completes on the recognizer's thread, everything else comes from the lane or from
 * the emulator shutting down.
 */
final class StreamGate {

    private final List<Consumer<RecognizerStream>> pending = new ArrayList<>();
    private RecognizerStream stream;
    private boolean aborted;

    /** @return false when the connection already ended; the caller must then abort {@code opened} */
    synchronized boolean attach(RecognizerStream opened) {
        if (aborted) {
            return false;
        }
        stream = opened;
        pending.forEach(call -> call.accept(opened));
        pending.clear();
        return true;
    }

    void sendAudio(PcmChunk chunk) {
        call(stream -> stream.sendAudio(chunk));
    }

    void finalizeUtterance() {
        call(RecognizerStream::finalizeUtterance);
    }

    void closeGracefully() {
        call(RecognizerStream::closeGracefully);
    }

    /** Releases the stream now, or as soon as it opens. Idempotent. */
    synchronized void abort() {
        aborted = true;
        pending.clear();
        if (stream != null) {
            stream.abort();
        }
    }

    private synchronized void call(Consumer<RecognizerStream> call) {
        if (aborted) {
            return;
        }
        if (stream == null) {
            pending.add(call);
        } else {
            call.accept(stream);
        }
    }
}
