/** How the process stops: drain before Jetty closes its connectors, and exit 0 on SIGTERM once drained. */
package dev.hark.bootstrap.lifecycle;
