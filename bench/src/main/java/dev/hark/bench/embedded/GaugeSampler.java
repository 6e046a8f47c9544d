package dev.hark.bench.embedded;

import dev.hark.bench.run.AdminMetrics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reads some of Hark's gauges four times a second on a thread of its own and keeps the largest value of each. */
final class GaugeSampler implements AutoCloseable {

    private final AdminMetrics metrics;
    private final List<String> gauges;
    private final double[] max;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    GaugeSampler(AdminMetrics metrics, List<String> gauges) {
        this.metrics = metrics;
        this.gauges = List.copyOf(gauges);
        this.max = new double[gauges.size()];
        this.thread = Thread.ofPlatform().daemon().name("gauge-sampler").start(this::sample);
    }

    /** The largest value seen of {@code gauge}, one of those given. */
    synchronized double max(String gauge) {
        return max[gauges.indexOf(gauge)];
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
                List<Double> values = metrics.gaugeValues(gauges);
                synchronized (this) {
                    for (int i = 0; i < max.length; i++) {
                        max[i] = Math.max(max[i], values.get(i));
                    }
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (java.io.IOException e) {
                // the server is busy or stopping: skip this sample
            }
        }
    }
}
