/**
 * Time for the session core: the scheduler port on a {@link java.util.concurrent.ScheduledExecutorService}
 * (counting what is pending and what failed), and the monotonic ticker port on {@link System#nanoTime()}.
 */
package dev.hark.infrastructure.outbound.scheduling;
