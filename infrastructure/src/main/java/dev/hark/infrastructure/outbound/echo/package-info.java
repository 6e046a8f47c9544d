/**
 * The echo recognizer ({@code provider: echo}): a real, in-process
 * {@link dev.hark.application.port.outbound.SpeechRecognizerPort} that answers every chunk of audio
 * at once with a final transcript naming the chunk's sample range. It exists for benchmarks
 * and tests only, never as a default: it recognizes nothing, but because each final says
 * exactly which audio it covers, a load generator can time every frame end to end through the
 * whole gateway and detect any audio lost or duplicated on the way.
 */
package dev.hark.infrastructure.outbound.echo;
