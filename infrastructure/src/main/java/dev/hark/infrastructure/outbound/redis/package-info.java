/**
 * The cluster-mode session store on Redis 7 (Functions, Streams) through Lettuce: the adapters
 * of {@link dev.hark.application.port.outbound.store}. Every write is one call of a function
 * of the {@code hark_1} library ({@code hark_1.lua} beside these classes), which checks its
 * fence and writes in one atomic step. The client is configured for safety
 * ({@link dev.hark.infrastructure.outbound.redis.RedisSettings}): bounded request queue, commands
 * refused while disconnected, timeouts on every command.
 */
package dev.hark.infrastructure.outbound.redis;
