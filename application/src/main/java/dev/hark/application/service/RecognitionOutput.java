package dev.hark.application.service;

import dev.hark.domain.error.ClientError;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Transcript;

/**
 * The seam between a session's two halves, recognizer side to client side: numbered
 * transcripts, speech events, notices and how the recognition ended. The client side delivers
 * them to whoever is attached (finals are in the outbox for a resume either way). Calls come on
 * the session's lane.
 */
interface RecognitionOutput {

    /** The session's first stream opened: the session is ready to be announced (H18). */
    void started();

    /** A numbered transcript on the session's clock. */
    void transcript(Transcript transcript);

    /** A speech event on the session's clock, already filtered to what the client asked for. */
    void speechEvent(SpeechEvent event);

    /** Something the client should know that ends nothing ({@code AUDIO_NOT_REPLAYABLE}). */
    void notice(ClientError warning);

    /** The recognizer answered the close: every final is out. */
    void finished();

    /** Recognition cannot go on. */
    void failed(ClientError error);
}
