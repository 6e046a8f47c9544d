package dev.hark.application.port.inbound;

import dev.hark.application.port.outbound.ClientChannelPort;
import java.util.concurrent.CompletionStage;

/** Attaches a client to an existing session after a dropped connection (hazards H11-H17). */
public interface ResumeStreamUseCase {

    /**
     * Decides on the session's lane, so it never races with the session's other events. On
     * success the client has already been sent {@code session.resumed} and the finals it
     * missed; the adapter should start reading frames only once the stage completes.
     */
    CompletionStage<OpenOutcome> resume(ResumeStreamCommand command, ClientChannelPort channel);
}
