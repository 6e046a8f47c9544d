/**
 * Deepgram's live {@code /v1/listen} recognizer behind
 * {@link dev.hark.application.port.outbound.SpeechRecognizerPort}: one WebSocket per Hark session,
 * audio out as binary frames, {@code KeepAlive}/{@code Finalize}/{@code CloseStream} as JSON
 * text frames, and {@code Results}, {@code SpeechStarted} and {@code UtteranceEnd} mapped onto
 * the domain's hypotheses and speech events on the stream's sample clock. There is no SDK
 * underneath on purpose: the official Deepgram Java SDK is not served by the registry Hark
 * builds from, and its live client hides close frames and collapses repeated query keys, so
 * this package speaks the documented protocol itself over Jetty's WebSocket client and Jackson.
 * Everything Deepgram-specific stays behind the port, so an SDK-based adapter could replace
 * this package later without touching anything else.
 */
package dev.hark.infrastructure.outbound.deepgram;
