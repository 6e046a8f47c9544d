/**
 * {@code ./hark bench --embedded}: how many real-time streams the embedded engine sustains within
 * the lag bound, against the engine's own command-line tool measured in the same run (CPU per
 * second of audio, word error rate on the speech fixtures), and whether the excess is refused.
 */
package dev.hark.bench.embedded;
