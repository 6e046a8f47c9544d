/**
 * A Java client for Hark's own v1 streaming protocol: reads a WAV file, streams its PCM in 20 ms
 * frames over a WebSocket and hands the server's events to a listener. It backs
 * {@code ./hark transcribe} and the end-to-end tests, so it is public API of this module; it
 * shares no code with the server side on purpose, so that a server bug can't be mirrored by a
 * matching client bug.
 */
package dev.hark.infrastructure.client;
