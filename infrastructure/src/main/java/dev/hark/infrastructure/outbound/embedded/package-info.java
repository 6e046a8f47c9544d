/**
 * The embedded recognizer: PocketSphinx (Debian's {@code libpocketsphinx3}) called through JNA
 * behind {@link dev.hark.application.port.outbound.SpeechRecognizerPort}, so Hark transcribes with
 * no account and no network. Native decoders are slow to create and large, so they live in a
 * bounded, lazily filled {@link dev.hark.infrastructure.outbound.embedded.DecoderPool}; each stream
 * borrows one and drives it only from its own serial lane on the injected decode executor,
 * never on the caller's (WebSocket I/O) thread.
 */
package dev.hark.infrastructure.outbound.embedded;
