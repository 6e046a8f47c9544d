/**
 * Outbound ports: what Hark needs from the outside world. A recognizer
 * ({@link dev.hark.application.port.outbound.SpeechRecognizerPort}), a way to talk to the client
 * ({@link dev.hark.application.port.outbound.ClientChannelPort}), and a source of secrets.
 * Implementations live in the infrastructure module.
 */
package dev.hark.application.port.outbound;
