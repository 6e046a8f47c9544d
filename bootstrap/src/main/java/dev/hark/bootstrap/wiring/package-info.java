/** Guice wiring by explicit {@code @Provides} methods: which adapter serves which port. No classpath scanning. */
package dev.hark.bootstrap.wiring;
