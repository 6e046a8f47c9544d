/**
 * {@code ./hark bench --cluster}: the same load through one Hark process (role {@code all}) and
 * through a gateway and a worker over a redis-server of the bench's own, alternating in one run,
 * with CPU summed over every process of each setup and what Redis spends per session-second.
 */
package dev.hark.bench.cluster;
