/**
 * The client-facing WebSocket adapter for protocol v1 ({@code /v1/stream}, docs/protocol.md):
 * query parsing, the JSON codec, one {@link dev.hark.infrastructure.inbound.websocket.ClientStreamEndpoint}
 * per connection, and the safe-send channel back to the client. Nothing here decodes audio;
 * frames are handed to the session's lane and the I/O thread moves on.
 */
package dev.hark.infrastructure.inbound.websocket;
