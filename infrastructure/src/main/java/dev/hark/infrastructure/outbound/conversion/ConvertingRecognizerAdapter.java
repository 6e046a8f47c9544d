package dev.hark.infrastructure.outbound.conversion;

import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.ChunkPolicy;
import dev.hark.domain.error.ClientError;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Lets a recognizer that takes one format serve clients sending others: it asks the wrapped
 * recognizer which format it wants ({@link SpeechRecognizerPort#nativeFormatFor}), and for a
 * stream whose client format differs it opens the wrapped stream in that format and puts a
 * {@link ConvertingRecognizerStream} in front. A stream in a format the recognizer takes as it
 * is passes through untouched. Everything else (chunking, replay speed) is the wrapped one's:
 * the session chunks and replays on the client's clock, before conversion.
 */
public final class ConvertingRecognizerAdapter implements SpeechRecognizerPort {

    private final SpeechRecognizerPort recognizer;

    public ConvertingRecognizerAdapter(SpeechRecognizerPort recognizer) {
        this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
    }

    @Override
    public ChunkPolicy chunking() {
        return recognizer.chunking();
    }

    @Override
    public double maxReplaySpeed() {
        return recognizer.maxReplaySpeed();
    }

    /** Every format it can convert is taken as it is: conversion happens here. */
    @Override
    public AudioFormat nativeFormatFor(AudioFormat clientFormat) {
        return clientFormat;
    }

    @Override
    public Optional<ClientError> refusalFor(AudioFormat format) {
        AudioFormat target = recognizer.nativeFormatFor(format);
        if (target.equals(format)) {
            return recognizer.refusalFor(format);
        }
        return AudioConverter.refusalFor(format, target).or(() -> recognizer.refusalFor(target));
    }

    @Override
    public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request,
                                                          RecognitionListener listener) {
        AudioFormat clientFormat = request.options().format();
        AudioFormat target = recognizer.nativeFormatFor(clientFormat);
        if (target.equals(clientFormat)) {
            return recognizer.openStream(request, listener);
        }
        Optional<ClientError> refusal = refusalFor(clientFormat);
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new RecognizerException(refusal.get()));
        }
        ClockMapping clock = new ClockMapping(clientFormat.sampleRate(), target.sampleRate());
        RecognizerStreamRequest converted = new RecognizerStreamRequest(request.sessionId(),
                request.options().withFormat(target));
        CompletableFuture<RecognizerStream> opening = recognizer.openStream(converted,
                new RetimingListener(listener, clock));
        CompletableFuture<RecognizerStream> opened = new CompletableFuture<>();
        opening.whenComplete((stream, failure) -> {
            if (failure != null) {
                opened.completeExceptionally(failure);
            } else if (!opened.complete(new ConvertingRecognizerStream(stream,
                    AudioConverter.between(clientFormat, target), target))) {
                stream.abort(); // the caller gave up waiting
            }
        });
        opened.whenComplete((stream, failure) -> {
            if (opened.isCancelled()) {
                opening.cancel(false); // as for the wrapped recognizer: an abandoned open is closed when it opens
            }
        });
        return opened;
    }
}
