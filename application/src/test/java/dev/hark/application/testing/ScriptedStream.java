package dev.hark.application.testing;

import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.PcmChunk;
import java.util.ArrayList;
import java.util.List;

/** A recognizer stream that records what the session did to it. */
public final class ScriptedStream implements RecognizerStream {

    private final List<PcmChunk> audio = new ArrayList<>();
    private int finalizes;
    private int gracefulCloses;
    private int aborts;
    private int keepAlives;
    private boolean rejectsAudio;

    /** From now on {@code sendAudio} throws, as an adapter breaking the port's no-throw promise would. */
    public synchronized ScriptedStream rejectingAudio() {
        rejectsAudio = true;
        return this;
    }

    @Override
    public synchronized void sendAudio(PcmChunk chunk) {
        if (rejectsAudio) {
            throw new IllegalStateException("scripted stream rejects audio");
        }
        audio.add(chunk);
    }

    @Override
    public synchronized void finalizeUtterance() {
        finalizes++;
    }

    @Override
    public synchronized void closeGracefully() {
        gracefulCloses++;
    }

    @Override
    public synchronized void abort() {
        aborts++;
    }

    @Override
    public synchronized void keepAlive() {
        keepAlives++;
    }

    public synchronized int keepAlives() {
        return keepAlives;
    }

    @Override
    public synchronized boolean isOpen() {
        return gracefulCloses == 0 && aborts == 0;
    }

    public synchronized List<PcmChunk> audio() {
        return List.copyOf(audio);
    }

    public synchronized int finalizes() {
        return finalizes;
    }

    public synchronized int gracefulCloses() {
        return gracefulCloses;
    }

    public synchronized int aborts() {
        return aborts;
    }
}
