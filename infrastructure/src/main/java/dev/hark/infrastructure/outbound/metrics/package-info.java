/** The session metrics port on a Dropwizard {@code MetricRegistry}; names are stable (docs/protocol.md). */
package dev.hark.infrastructure.outbound.metrics;
