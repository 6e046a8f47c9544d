package dev.hark.infrastructure.outbound.scheduling;

import dev.hark.application.port.outbound.SchedulerPort;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timers on a dedicated scheduled executor, so they are never starved by decoding or socket
 * work. Keeps an exact count of tasks neither run nor cancelled, which the admin port
 * exports: after every session ends it must be back to zero (H13).
 *
 * <p>A task body that throws would otherwise vanish into its {@link ScheduledFuture}, which
 * nobody reads: it is logged and counted ({@link #failedTasks()}) instead. The session core
 * wraps its own timer bodies and logs their failures with the session id and generation; this
 * is the last line for anything that still escapes.
 */
public final class ExecutorSchedulerAdapter implements SchedulerPort {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorSchedulerAdapter.class);

    private final ScheduledExecutorService executor;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong failed = new AtomicLong();

    public ExecutorSchedulerAdapter(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public ScheduledTask schedule(Duration delay, Runnable task) {
        Task handle = new Task(task);
        pending.incrementAndGet();
        handle.future = executor.schedule(handle::runOnce, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return handle;
    }

    @Override
    public int pendingTasks() {
        return pending.get();
    }

    /** Task bodies that threw; exported as {@code hark.scheduler.tasks.failed}, and should stay at 0. */
    public long failedTasks() {
        return failed.get();
    }

    private final class Task implements ScheduledTask {
        private final Runnable body;
        private final AtomicBoolean settled = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;

        private Task(Runnable body) {
            this.body = body;
        }

        private void runOnce() {
            if (settled.compareAndSet(false, true)) {
                pending.decrementAndGet();
                try {
                    body.run();
                } catch (RuntimeException | Error e) {
                    failed.incrementAndGet();
                    LOG.error("timer task {} failed", body, e);
                }
            }
        }

        @Override
        public void cancel() {
            if (settled.compareAndSet(false, true)) {
                pending.decrementAndGet();
                ScheduledFuture<?> scheduled = future;
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
        }
    }
}
