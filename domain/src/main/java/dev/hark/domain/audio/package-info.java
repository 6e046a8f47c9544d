/**
 * Audio values: the stream's {@link dev.hark.domain.audio.AudioFormat}, PCM chunks stamped
 * with their position on the session's audio clock, and sample spans. Time in Hark is
 * counted in samples received, never read from a wall clock.
 */
package dev.hark.domain.audio;
