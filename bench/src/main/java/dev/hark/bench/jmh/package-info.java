/**
 * JMH microbenchmarks of the per-frame hot path, one class per step: the chunker, the audio
 * ledger, the generation guard with the frame check, and the serial lane hand-off. The JSON
 * encoding of a transcript and the whole session core per frame are measured from
 * {@code dev.hark.infrastructure.in.websocket} in this module, because the codec is
 * package-private there. Run with {@code ./hark bench --jmh}; never part of the test suite.
 */
package dev.hark.bench.jmh;
