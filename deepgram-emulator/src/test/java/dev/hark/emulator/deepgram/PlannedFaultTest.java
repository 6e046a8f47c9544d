package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlannedFaultTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicInteger tripped = new AtomicInteger();

    @Test
    void tripsOnTheNthAudioFrame_once() {
        PlannedFault fault = fault(ConnectionPlan.net0000AfterFrames(3));
        fault.arm();

        fault.audioFrame();
        fault.audioFrame();
        assertThat(tripped).hasValue(0);
        fault.audioFrame();
        fault.audioFrame();

        assertThat(tripped).hasValue(1);
    }

    @Test
    void tripsAfterThePlannedTime_unlessDisarmed() {
        PlannedFault timed = fault(ConnectionPlan.normal().closingAfter(Duration.ofMillis(400), 1011, "x"));
        timed.arm();
        scheduler.advance(399);
        assertThat(tripped).hasValue(0);
        scheduler.advance(1);
        assertThat(tripped).hasValue(1);

        PlannedFault disarmed = fault(ConnectionPlan.normal().closingAfter(Duration.ofMillis(400), 1011, "x"));
        disarmed.arm();
        disarmed.disarm();
        scheduler.advance(1_000);
        assertThat(tripped).hasValue(1);
    }

    @Test
    void tripsAtOnce_whenThePlanNamesNeitherTimeNorFrames() {
        fault(new ConnectionPlan(101, Duration.ZERO, 1011, "now", Duration.ZERO, 0, false)).arm();

        assertThat(tripped).hasValue(1);
    }

    @Test
    void neverTrips_forANormalPlan() {
        PlannedFault fault = fault(ConnectionPlan.normal());
        fault.arm();
        for (int i = 0; i < 100; i++) {
            fault.audioFrame();
        }
        scheduler.advance(60_000);

        assertThat(tripped).hasValue(0);
    }

    private PlannedFault fault(ConnectionPlan plan) {
        return new PlannedFault(plan, scheduler, Runnable::run, tripped::incrementAndGet);
    }
}
