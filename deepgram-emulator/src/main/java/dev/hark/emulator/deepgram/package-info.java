/**
 * A loopback test double of Deepgram's live {@code /v1/listen} WebSocket API
 * (shared/design/deepgram-protocol.md, §7) that answers with real transcripts from any
 * {@link dev.hark.application.port.outbound.SpeechRecognizerPort}, in practice the embedded engine.
 * It exists so Hark's Deepgram adapter and its clients can be tested end to end without an
 * account or network: handshake and auth rules, the four server message shapes, the close
 * codes, and scripted faults ({@link dev.hark.emulator.deepgram.ConnectionPlan}). What clients
 * did is kept in {@link dev.hark.emulator.deepgram.EmulatorObservations} for assertions. Only
 * {@link dev.hark.emulator.deepgram.DeepgramEmulator} and its value types are public.
 */
package dev.hark.emulator.deepgram;
