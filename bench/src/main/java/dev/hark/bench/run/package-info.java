/**
 * {@code ./hark bench}: runs Hark (provider echo) and the raw relay as separate JVMs on loopback,
 * drives each with the same generator one after the other, reads their CPU and memory from
 * {@code /proc}, {@code jcmd} and Hark's admin metrics, and prints one table.
 */
package dev.hark.bench.run;
