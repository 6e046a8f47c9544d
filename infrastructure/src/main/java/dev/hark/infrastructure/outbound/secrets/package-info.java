/** Session ids and resume tokens from the platform's cryptographic random source. */
package dev.hark.infrastructure.outbound.secrets;
