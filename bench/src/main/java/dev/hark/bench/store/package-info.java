/**
 * {@code ./hark bench --store}: fenced audio appends through the Lettuce adapter against a
 * redis-server started for the run (throughput unpipelined and pipelined, latency percentiles)
 * and Redis memory per retained second of audio. Numbers go to docs/cluster.md.
 */
package dev.hark.bench.store;
