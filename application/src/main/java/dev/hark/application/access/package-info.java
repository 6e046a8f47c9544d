/**
 * Who may open sessions: API keys (kept only as SHA-256 digests, compared in constant time),
 * short-lived tokens minted from them for browsers, and the browser origins allowed to connect.
 * Pure Java: the token format and its signature live behind
 * {@link dev.hark.application.port.outbound.AccessTokenPort}.
 */
package dev.hark.application.access;
