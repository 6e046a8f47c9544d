package dev.hark.infrastructure.inbound.websocket;

import dev.hark.application.port.inbound.ClientGoneUseCase;
import dev.hark.application.port.inbound.CloseStreamUseCase;
import dev.hark.application.port.inbound.FinalizeStreamUseCase;
import dev.hark.application.port.inbound.KeepAliveUseCase;
import dev.hark.application.port.inbound.OpenStreamUseCase;
import dev.hark.application.port.inbound.PushAudioUseCase;
import dev.hark.application.port.inbound.ResumeStreamUseCase;
import java.util.Objects;

/** The inbound ports one client connection drives. */
public record StreamUseCases(OpenStreamUseCase open, ResumeStreamUseCase resume, PushAudioUseCase pushAudio,
                             FinalizeStreamUseCase finalizeStream, CloseStreamUseCase closeStream,
                             KeepAliveUseCase keepAlive, ClientGoneUseCase clientGone) {

    public StreamUseCases {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(resume, "resume");
        Objects.requireNonNull(pushAudio, "pushAudio");
        Objects.requireNonNull(finalizeStream, "finalizeStream");
        Objects.requireNonNull(closeStream, "closeStream");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(clientGone, "clientGone");
    }

    /** All seven from one service that implements them all. */
    public static <T extends OpenStreamUseCase & ResumeStreamUseCase & PushAudioUseCase & FinalizeStreamUseCase
            & CloseStreamUseCase & KeepAliveUseCase & ClientGoneUseCase> StreamUseCases of(T service) {
        return new StreamUseCases(service, service, service, service, service, service, service);
    }
}
