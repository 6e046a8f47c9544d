package dev.hark.emulator.deepgram;

import dev.hark.application.service.SerialLane;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted {@code /v1/listen} socket: feeds its audio to one recognizer stream and answers
 * like Deepgram (deepgram-protocol.md §2-§4, §7), or misbehaves as its {@link ConnectionPlan}
 * says. Everything runs on the connection's {@link SerialLane}, so the state below is
 * lane-confined and messages leave in order. Every way a connection ends goes through
 * {@link #release()}, which aborts the recognizer stream.
 */
final class ListenConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ListenConnection.class);

    private enum Phase { OPEN, CLOSING, ENDED }

    private final EmulatorRuntime runtime;
    private final ConnectionRecorder recorder;
    private final StreamSetup setup;
    private final ConnectionPlan plan;
    private final String label;
    private final SerialLane lane;
    private final StreamGate gate = new StreamGate();
    private final AudioIntake intake;
    private final ResultsTimeline timeline;
    private final WireMessages wire;
    private final IdleWatch idle;
    private final PlannedFault fault;
    private final Instant created;

    private ClientSocket socket;
    private Phase phase = Phase.OPEN;

    ListenConnection(EmulatorRuntime runtime, ConnectionRecorder recorder, String requestId, StreamSetup setup,
                     ConnectionPlan plan) {
        this.runtime = runtime;
        this.recorder = recorder;
        this.setup = setup;
        this.plan = plan;
        this.label = "dg-" + requestId;
        this.lane = EmulatorRuntime.connectionLane(runtime.pool());
        this.intake = new AudioIntake(setup.format());
        this.timeline = new ResultsTimeline(setup.format().sampleRate(), setup.interimResults(), setup.vadEvents(),
                setup.utteranceEndMs());
        this.wire = new WireMessages(runtime.json(), requestId,
                ModelIdentity.of(runtime.modelName(), setup.model()), setup.format().sampleRate());
        this.idle = new IdleWatch(runtime.scheduler(), lane, runtime.idleTimeout(), runtime.nanoClock(),
                this::idleExpired);
        this.fault = new PlannedFault(plan, runtime.scheduler(), lane, this::faultTripped);
        this.created = runtime.clock().instant();
    }

    // ---- from Jetty threads: hop onto the lane ----

    void opened(Session session) {
        lane.execute(() -> onOpen(session));
    }

    void binary(byte[] frame) {
        lane.execute(() -> onBinary(frame));
    }

    void text(String text) {
        lane.execute(() -> onText(text));
    }

    void socketClosed() {
        gate.abort(); // at once, in case the lane's pool is already stopping
        lane.execute(() -> {
            if (phase != Phase.ENDED) {
                phase = Phase.ENDED;
                release();
            }
            recorder.ended();
        });
    }

    /** The emulator is stopping: free the recognizer stream now, from any thread. */
    void terminate() {
        gate.abort();
    }

    // ---- on the lane ----

    private void onOpen(Session session) {
        socket = new ClientSocket(session, runtime.scheduler(), label);
        runtime.live().add(this);
        idle.start();
        fault.arm();
        if (phase == Phase.OPEN && !plan.stall()) {
            openRecognizer();
        }
        LOG.debug("{}: open ({})", label, setup);
    }

    private void openRecognizer() {
        StreamOptions options = new StreamOptions(setup.format(), setup.interimResults(), setup.language(),
                EmulatorRuntime.MAX_FRAME_BYTES, setup.vadEvents());
        RecognizerStreamRequest request = new RecognizerStreamRequest(new SessionId(label), options);
        CompletableFuture<RecognizerStream> opening;
        try {
            opening = runtime.recognizer().openStream(request, new LaneListener());
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((stream, failure) -> {
            if (failure != null) {
                lane.execute(() -> recognizerFailed(failure));
            } else if (!gate.attach(stream)) {
                stream.abort();
            }
        });
    }

    private void onBinary(byte[] frame) {
        recorder.binaryFrame(frame.length);
        idle.touch();
        if (phase != Phase.OPEN) {
            return;
        }
        if (frame.length == 0) {
            beginClose(); // the legacy end-of-stream signal (deepgram-protocol.md §2.1)
            return;
        }
        intake.accept(frame).filter(chunk -> !plan.stall()).ifPresent(gate::sendAudio);
        fault.audioFrame();
    }

    private void onText(String text) {
        ControlMessage message = ControlMessage.parse(runtime.json(), text);
        recorder.text(message);
        idle.touch();
        if (phase != Phase.OPEN) {
            return;
        }
        switch (message) {
            case FINALIZE -> {
                if (!plan.stall()) {
                    timeline.finalizeRequested(intake.samples());
                    gate.finalizeUtterance();
                }
            }
            case CLOSE_STREAM -> beginClose();
            case KEEP_ALIVE, OTHER -> { }
        }
    }

    /**
     * No more audio. The recognizer flushes and {@link LaneListener#onClosed()} sends the rest;
     * the idle timer stops, since the client owes nothing more. A stalled connection stays
     * silent and keeps its idle timer, which is then the only way it ends.
     */
    private void beginClose() {
        phase = Phase.CLOSING;
        if (!plan.stall()) {
            idle.stop();
            gate.closeGracefully();
        }
    }

    private void emit(List<Emission> emissions) {
        if (phase != Phase.ENDED && !plan.stall()) {
            emissions.forEach(emission -> {
                if (socket.writable()) {
                    recorder.sent(emission);
                }
                socket.send(wire.encode(emission));
            });
        }
    }

    private void recognizerClosed() {
        if (phase == Phase.ENDED) {
            return;
        }
        emit(timeline.closed(intake.samples()));
        sendMetadata();
        closeWith(1000, "");
    }

    private void recognizerFailed(Throwable failure) {
        if (phase == Phase.ENDED) {
            return;
        }
        LOG.warn("{}: recognizer failed: {}", label, failure.toString());
        closeWith(1011, CloseReasons.NET_0000);
    }

    private void idleExpired() {
        if (phase == Phase.ENDED) {
            return;
        }
        LOG.debug("{}: no client frame for {}", label, runtime.idleTimeout());
        if (!plan.stall()) {
            sendMetadata();
        }
        closeWith(1011, CloseReasons.NET_0001);
    }

    private void faultTripped() {
        if (phase != Phase.ENDED) {
            LOG.debug("{}: planned close {} {}", label, plan.closeCode(), plan.closeReason());
            closeWith(plan.closeCode(), plan.closeReason());
        }
    }

    private void sendMetadata() {
        if (socket.writable()) {
            recorder.metadataSent();
        }
        socket.send(wire.metadata(created, intake.samples(), intake.sha256()));
    }

    private void closeWith(int code, String reason) {
        phase = Phase.ENDED;
        recorder.closeSent(code, reason);
        socket.close(code, reason);
        release();
    }

    private void release() {
        idle.stop();
        fault.disarm();
        gate.abort();
        runtime.live().remove(this);
    }

    /** Recognizer callbacks, moved onto the lane in the order they came. */
    private final class LaneListener implements RecognitionListener {

        @Override
        public void onHypothesis(Hypothesis hypothesis) {
            lane.execute(() -> emit(timeline.hypothesis(hypothesis)));
        }

        @Override
        public void onProgress(long processedSamples) {
            lane.execute(() -> emit(timeline.progress(processedSamples)));
        }

        @Override
        public void onSpeechEvent(SpeechEvent event) {
            // derived from hypotheses instead (ResultsTimeline), so every recognizer gets them
        }

        @Override
        public void onClosed() {
            lane.execute(ListenConnection.this::recognizerClosed);
        }

        @Override
        public void onFailed(RecognizerException failure) {
            lane.execute(() -> recognizerFailed(failure));
        }
    }
}
