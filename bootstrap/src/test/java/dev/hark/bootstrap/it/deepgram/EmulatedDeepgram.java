package dev.hark.bootstrap.it.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.emulator.deepgram.ConnectionObservation;
import dev.hark.emulator.deepgram.DeepgramEmulator;
import dev.hark.emulator.deepgram.EmbeddedEngine;
import dev.hark.emulator.deepgram.EmulatorSettings;
import java.time.Duration;
import java.util.List;

/**
 * The Deepgram emulator on loopback, transcribing with the real embedded PocketSphinx engine
 * (three decoders, one warm, on two decode threads), for one test class. The engine is wrapped
 * so tests can prove that no recognizer stream outlives its Deepgram connection.
 */
final class EmulatedDeepgram implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final EmbeddedEngine engine;
    private final DeepgramEmulator emulator;

    private EmulatedDeepgram(String apiKey) {
        engine = new EmbeddedEngine();
        emulator = DeepgramEmulator.start(EmulatorSettings.defaults().withApiKey(apiKey), engine.recognizer());
    }

    /** Starts the engine, then the emulator requiring {@code apiKey}. */
    static EmulatedDeepgram start(String apiKey) {
        return new EmulatedDeepgram(apiKey);
    }

    DeepgramEmulator emulator() {
        return emulator;
    }

    /** Connections (handshakes) the emulator has seen so far. */
    int connections() {
        return emulator.observations().connectionCount();
    }

    /** The connections from {@code index} on. */
    List<ConnectionObservation> connectionsFrom(int index) {
        List<ConnectionObservation> all = emulator.observations().connections();
        return all.subList(Math.min(index, all.size()), all.size());
    }

    /** Recognizer streams the emulator opened that were neither aborted nor ended. */
    int openRecognizerStreams() {
        return engine.recognizer().openStreams();
    }

    /** Every connection ended and every recognizer stream the emulator opened is released. */
    void awaitQuiet() {
        await("emulator connections ended and recognizer streams released").atMost(WAIT).untilAsserted(() -> {
            assertThat(emulator.observations().connections()).allMatch(ConnectionObservation::ended,
                    "connection ended");
            assertThat(engine.recognizer().openStreams()).as("recognizer streams still open at the emulator").isZero();
        });
    }

    /** The emulator first (it aborts its streams), then the engine it does not own. */
    @Override
    public void close() {
        emulator.close();
        engine.close();
    }
}
