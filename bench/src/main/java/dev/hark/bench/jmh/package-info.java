/**
 * JMH microbenchmarks of the per-frame hot path, one class per step (the chunker, the audio
 * ledger, the generation guard with the frame check, the serial lane hand-off, the JSON encoding
 * of a transcript) and one for the whole session core per frame. The package-private protocol
 * codec is reached through {@code dev.hark.infrastructure.inbound.websocket.CodecAccess}, which this
 * module adds to that package. Run with {@code ./hark bench --jmh}; never part of the test suite.
 */
package dev.hark.bench.jmh;
