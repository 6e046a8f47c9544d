package dev.hark.infrastructure.outbound.embedded;

/** Creates one decoder; slow (about half a second for the real engine), so only ever called off caller threads. */
@FunctionalInterface
interface DecoderFactory {

    /** @throws DecoderException when the engine cannot create a decoder */
    SpeechDecoder create();
}
