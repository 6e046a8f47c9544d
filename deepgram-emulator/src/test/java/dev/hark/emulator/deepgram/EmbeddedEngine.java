package dev.hark.emulator.deepgram;

import dev.hark.infrastructure.outbound.embedded.EmbeddedEngineSettings;
import dev.hark.infrastructure.outbound.embedded.EmbeddedRecognizerAdapter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PocketSphinx engine for a test class: three decoders (one warm; the third covers a decoder still on its way back from an aborted stream when the next test connects) on two decode threads,
 * wrapped in a {@link TrackingRecognizer}. Create it once per class; it takes about a second.
 * Shared through this module's test jar with bootstrap's Deepgram ITs.
 */
public final class EmbeddedEngine implements AutoCloseable {

    private final ExecutorService decodeThreads;
    private final EmbeddedRecognizerAdapter adapter;
    private final TrackingRecognizer recognizer;

    public EmbeddedEngine() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory named = runnable -> {
            Thread thread = new Thread(runnable, "decode-test-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        decodeThreads = Executors.newFixedThreadPool(2, named);
        EmbeddedEngineSettings settings = EmbeddedEngineSettings.defaults().withDecoders(3, 1);
        // three decoders bound these tests; decode load must not refuse them on a busy machine
        adapter = EmbeddedRecognizerAdapter.create(settings.withCapacity(settings.capacity().withoutLoadAdmission()),
                decodeThreads);
        recognizer = new TrackingRecognizer(adapter);
    }

    public TrackingRecognizer recognizer() {
        return recognizer;
    }

    @Override
    public void close() {
        adapter.close();
        decodeThreads.shutdownNow();
    }
}
