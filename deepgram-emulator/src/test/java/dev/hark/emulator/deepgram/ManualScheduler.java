package dev.hark.emulator.deepgram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A Jetty {@link Scheduler} driven by the test: time stands still until {@link #advance} moves
 * it, and due tasks run on the test's thread. {@link #nanoTime()} is the matching clock.
 */
final class ManualScheduler extends AbstractLifeCycle implements Scheduler {

    private final List<Due> due = new ArrayList<>();
    private long now;

    long nanoTime() {
        return now;
    }

    @Override
    public Task schedule(Runnable task, long delay, TimeUnit unit) {
        Due entry = new Due(now + unit.toNanos(delay), task);
        due.add(entry);
        return () -> due.remove(entry);
    }

    /** Moves time forward, running every task that falls due on the way, in time order. */
    void advance(long millis) {
        long target = now + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            Due next = due.stream().filter(entry -> entry.at <= target).min(Comparator.comparingLong(Due::at))
                    .orElse(null);
            if (next == null) {
                break;
            }
            due.remove(next);
            now = next.at;
            next.task.run();
        }
        now = target;
    }

    int pending() {
        return due.size();
    }

    private record Due(long at, Runnable task) {
    }
}
