/**
 * Hark's benchmark harness: what the gateway costs on top of the network, measured side by side
 * with a raw WebSocket relay in the same run ({@code ./hark bench}), plus JMH microbenchmarks of
 * the per-frame hot path. A tool, never part of the product: no product module depends on it.
 */
package dev.hark.bench;
