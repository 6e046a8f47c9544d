package dev.hark.application.service;

import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.session.Session;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;
import java.util.function.Consumer;

/**
 * The client side of the seam: turns the recognizer side's news into messages for whoever is
 * attached (finals are in the outbox for a resume either way), and hands the endings to the
 * session. Lane-confined.
 */
final class ClientDelivery implements RecognitionOutput {

    private final Session session;
    private final ClientAttachment client;
    private final Runnable onFinished;
    private final Consumer<ClientError> onFailed;

    ClientDelivery(Session session, ClientAttachment client, Runnable onFinished, Consumer<ClientError> onFailed) {
        this.session = session;
        this.client = client;
        this.onFinished = onFinished;
        this.onFailed = onFailed;
    }

    @Override
    public void started() {
        session.activate(); // STARTING -> ACTIVE; a session the client already asked to close stays CLOSING
        // ready before announced (H18), and announced even when close_stream came first:
        // the client learns its session (and its finals follow) either way
        client.send(new ServerMessage.SessionStarted(session.id(), session.resumeToken(), session.generation()));
    }

    @Override
    public void transcript(Transcript transcript) {
        client.send(new ServerMessage.TranscriptUpdate(transcript, session.format(), session.samplesReceived()));
    }

    @Override
    public void speechEvent(SpeechEvent event) {
        client.send(new ServerMessage.SpeechEventNotice(event, session.format()));
    }

    @Override
    public void notice(ClientError warning) {
        client.send(new ServerMessage.ErrorNotice(warning));
    }

    @Override
    public void finished() {
        onFinished.run();
    }

    @Override
    public void failed(ClientError error) {
        onFailed.accept(error);
    }
}
