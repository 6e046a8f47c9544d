/**
 * The composition root: the Dropwizard application, its configuration, the Guice module that
 * binds ports to adapters, and the commands. The only module that knows every other.
 */
package dev.hark.bootstrap;
