package dev.hark.infrastructure.outbound.embedded;

/**
 * How loaded the embedded engine is, for metrics.
 *
 * @param streams        streams admitted and not ended
 * @param decoders       decoders alive or being created (memory)
 * @param idleDecoders   decoders created and waiting for a stream
 * @param realTimeFactor measured CPU seconds per second of audio, averaged over recent audio
 * @param demandCores    what the admitted streams need at that rate, in cores
 * @param behindSeconds  how long the decoders need to work off the audio queued for them
 * @param lagSeconds     the longest any audio waited from reaching the engine to the end of its
 *                       decoding, over the last one to two seconds
 */
public record EmbeddedEngineLoad(int streams, int decoders, int idleDecoders, double realTimeFactor, double demandCores,
                                 double behindSeconds, double lagSeconds) {
}
