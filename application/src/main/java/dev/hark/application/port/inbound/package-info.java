/**
 * Inbound ports: what a client-facing adapter may ask of Hark. A client connection drives one
 * port, {@link dev.hark.application.port.inbound.ClientStreamUseCase}; the others are small
 * interfaces of their own (authentication, drain, health and stats queries). Every call after
 * {@code open} carries the {@link dev.hark.application.port.inbound.StreamHandle} (session id
 * plus generation) the adapter was given, so stale callers can be told apart.
 */
package dev.hark.application.port.inbound;
