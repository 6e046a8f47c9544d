package dev.hark.bench.embedded;

import dev.hark.bench.run.AdminMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reads one of Hark's gauges four times a second on a thread of its own and keeps the largest value. */
final class GaugeSampler implements AutoCloseable {

    private final AdminMetrics metrics;
    private final String gauge;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile double max;

    GaugeSampler(AdminMetrics metrics, String gauge) {
        this.metrics = metrics;
        this.gauge = gauge;
        this.thread = Thread.ofPlatform().daemon().name("gauge-" + gauge).start(this::sample);
    }

    double max() {
        return max;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void sample() {
        while (running.get()) {
            try {
                max = Math.max(max, metrics.gaugeValue(gauge));
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (java.io.IOException e) {
                // the server is busy or stopping: skip this sample
            }
        }
    }
}
