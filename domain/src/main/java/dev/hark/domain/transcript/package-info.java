/**
 * Recognition results: a provider's {@link dev.hark.domain.transcript.Hypothesis} (interim or
 * final, timed in samples), and the numbered {@link dev.hark.domain.transcript.Transcript} a
 * client receives. Final transcripts are numbered 1, 2, 3... per session so a resuming client
 * can say which it already has.
 */
package dev.hark.domain.transcript;
