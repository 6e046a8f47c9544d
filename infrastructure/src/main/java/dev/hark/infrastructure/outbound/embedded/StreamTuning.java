package dev.hark.infrastructure.outbound.embedded;

import java.time.Duration;

/** Per-stream knobs, in samples of the stream's 16 kHz clock. */
record StreamTuning(boolean interimResults, long interimIntervalSamples, long maxBacklogSamples, Duration retryAfter) {
}
