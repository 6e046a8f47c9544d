/**
 * Authentication at the HTTP edge, shared by every endpoint on the application port: reading a
 * credential from where clients put it ({@code Authorization}, the WebSocket subprotocol pair a
 * browser can set, an {@code access_token} query parameter), asking the application who that is,
 * and answering a refused upgrade with a status, a {@code hark-error} header and a JSON body.
 * {@code POST /v1/auth/grant} mints browser tokens here too.
 */
package dev.hark.infrastructure.inbound.access;
