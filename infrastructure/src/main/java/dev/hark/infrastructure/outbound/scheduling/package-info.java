/** The scheduler port on a {@link java.util.concurrent.ScheduledExecutorService}, counting what is pending. */
package dev.hark.infrastructure.outbound.scheduling;
