package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.KeyLimits;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyAdmissionTest {

    /** A ticker that never moves: the buckets refill only when a test says so. */
    private static final TickerPort FROZEN = () -> 0L;

    @Test
    void refusesBeyondTheConcurrencyLimit_andAdmitsAgainOnceASlotIsReleased() {
        KeyAdmission admission = new KeyAdmission(FROZEN, Duration.ofSeconds(1));
        Caller solo = new Caller.KeyHolder("solo", new KeyLimits(2, 0, 1));

        KeyAdmission.Slot first = admitted(admission.admit(solo));
        admitted(admission.admit(solo));
        KeyAdmission.Decision third = admission.admit(solo);

        assertThat(third).isInstanceOfSatisfying(KeyAdmission.Decision.Refused.class, refused -> {
            assertThat(refused.error().code()).isEqualTo(ErrorCode.KEY_CONCURRENCY_LIMIT);
            assertThat(refused.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        first.release();
        first.release(); // idempotent
        assertThat(admission.openSessions("solo")).isEqualTo(1);
        admitted(admission.admit(solo));
    }

    @Test
    void refusesBeyondTheRate_withTheBucketsWait_withoutHoldingASlot() {
        KeyAdmission admission = new KeyAdmission(FROZEN, Duration.ofSeconds(1));
        Caller slow = new Caller.KeyHolder("slow", new KeyLimits(5, 0.5, 1));

        admitted(admission.admit(slow));
        KeyAdmission.Decision second = admission.admit(slow);

        assertThat(second).isInstanceOfSatisfying(KeyAdmission.Decision.Refused.class, refused -> {
            assertThat(refused.error().code()).isEqualTo(ErrorCode.KEY_RATE_LIMIT);
            assertThat(refused.error().retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(admission.openSessions("slow")).isEqualTo(1);
    }

    @Test
    void anonymousAndUnlimitedKeysAreNeverRefused() {
        KeyAdmission admission = new KeyAdmission(FROZEN, Duration.ofSeconds(1));
        for (int i = 0; i < 1000; i++) {
            admitted(admission.admit(Caller.ANONYMOUS));
        }
    }

    @Test
    void admitsExactlyTheLimit_whenManyOpensRace() throws Exception {
        KeyAdmission admission = new KeyAdmission(FROZEN, Duration.ofSeconds(1));
        Caller key = new Caller.KeyHolder("raced", new KeyLimits(7, 0, 1));
        int threads = 32;
        CyclicBarrier start = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger admittedCount = new AtomicInteger();
        List<Thread> racers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread racer = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                    if (admission.admit(key) instanceof KeyAdmission.Decision.Admitted) {
                        admittedCount.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
            racers.add(racer);
            racer.start();
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(admittedCount.get()).isEqualTo(7);
        assertThat(admission.openSessions("raced")).isEqualTo(7);
    }

    private static KeyAdmission.Slot admitted(KeyAdmission.Decision decision) {
        assertThat(decision).isInstanceOf(KeyAdmission.Decision.Admitted.class);
        return ((KeyAdmission.Decision.Admitted) decision).slot();
    }
}
