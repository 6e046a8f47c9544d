/**
 * Inbound ports: what a client-facing adapter may ask of Hark. Each use case is one small
 * interface; every call after {@code open} carries the {@link dev.hark.application.port.inbound.StreamHandle}
 * (session id plus generation) the adapter was given, so stale callers can be told apart.
 */
package dev.hark.application.port.inbound;
