package dev.hark.infrastructure.in.websocket;

import dev.hark.application.port.in.ClientGoneUseCase;
import dev.hark.application.port.in.CloseStreamUseCase;
import dev.hark.application.port.in.FinalizeStreamUseCase;
import dev.hark.application.port.in.OpenStreamUseCase;
import dev.hark.application.port.in.PushAudioUseCase;
import dev.hark.application.port.in.ResumeStreamUseCase;
import java.util.Objects;

/** The inbound ports one client connection drives. */
public record StreamUseCases(OpenStreamUseCase open, ResumeStreamUseCase resume, PushAudioUseCase pushAudio,
                             FinalizeStreamUseCase finalizeStream, CloseStreamUseCase closeStream,
                             ClientGoneUseCase clientGone) {

    public StreamUseCases {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(resume, "resume");
        Objects.requireNonNull(pushAudio, "pushAudio");
        Objects.requireNonNull(finalizeStream, "finalizeStream");
        Objects.requireNonNull(closeStream, "closeStream");
        Objects.requireNonNull(clientGone, "clientGone");
    }

    /** All five from one service that implements them all. */
    public static <T extends OpenStreamUseCase & ResumeStreamUseCase & PushAudioUseCase & FinalizeStreamUseCase
            & CloseStreamUseCase & ClientGoneUseCase> StreamUseCases of(T service) {
        return new StreamUseCases(service, service, service, service, service, service);
    }
}
