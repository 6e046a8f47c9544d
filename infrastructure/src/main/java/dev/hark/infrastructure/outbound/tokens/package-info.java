/**
 * Short-lived access tokens as compact JWS (HS256) through Nimbus JOSE+JWT. Why Nimbus: it is
 * the JOSE library Spring Security and many identity providers build on, it has no runtime
 * dependencies, it is maintained and follows RFC 7515/7519 closely, and it lets the verifier pin
 * the algorithm (a token naming another algorithm is refused before any key is used), which is
 * the classic JWT mistake. Dropwizard's auth module was not an option: it guards Jersey
 * resources, not WebSocket upgrades.
 */
package dev.hark.infrastructure.outbound.tokens;
