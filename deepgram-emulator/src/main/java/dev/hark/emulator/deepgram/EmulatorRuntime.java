package dev.hark.emulator.deepgram;

import org.slf4j.LoggerFactory;
import dev.hark.application.service.LanePolicy;
import dev.hark.application.service.SerialLane;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What every connection of one emulator shares: the recognizer, Jetty's pool and scheduler
 * (so the emulator owns no threads of its own and Jetty's stop ends them all), the JSON
 * mapper, clocks, and the set of live connections that {@link DeepgramEmulator#close()} ends;
 * and how a connection's lane runs on that pool.
 */
record EmulatorRuntime(SpeechRecognizerPort recognizer, Executor pool, Scheduler scheduler, ObjectMapper json,
                       Duration idleTimeout, String modelName, Clock clock, LongSupplier nanoClock,
                       Set<ListenConnection> live) {

    /** Largest binary frame accepted: 250 ms of 48 kHz stereo is 48 KB; this is far above. */
    static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

    /**
     * A connection's lane on the emulator's shared pool: the whole queue per hand-off; once the
     * pool refuses work (the emulator is stopping), tasks are dropped quietly.
     */
    static SerialLane connectionLane(Executor pool) {
        return new SerialLane(pool, LanePolicy.drainAll(LanePolicy.Refusal.DROP_QUIETLY), failure -> LoggerFactory
                .getLogger(ListenConnection.class).error("emulator connection task failed", failure));
    }
}
