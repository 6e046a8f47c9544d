/**
 * Deepgram's live API ({@code /v1/listen}, ../shared/design/deepgram-protocol.md) as a second
 * client-facing adapter, mapped onto the same session use cases as {@code /v1/stream}: an app
 * written for Deepgram's SDKs changes its base URL and gets Hark's sessions, with the embedded
 * engine or with Deepgram behind. The handshake (credentials, query, refusals with
 * {@code dg-error}) is decided before the upgrade; then one
 * {@link dev.hark.infrastructure.inbound.deepgram.ListenEndpoint} per connection translates
 * frames into use-case calls and the session's messages into Deepgram's JSON. A session here
 * lives exactly as long as its socket: Deepgram clients cannot resume.
 */
package dev.hark.infrastructure.inbound.deepgram;
