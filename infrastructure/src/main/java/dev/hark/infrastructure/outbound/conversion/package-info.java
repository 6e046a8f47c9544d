/**
 * Audio conversion in front of a recognizer that takes only one format (the embedded engine:
 * 16 kHz mono linear16): G.711 decoding, downmixing and anti-aliased resampling per stream, and
 * the mapping of every position the recognizer reports back onto the client's clock. A
 * recognizer that takes the client's format natively (Deepgram) is not touched.
 */
package dev.hark.infrastructure.outbound.conversion;
