package dev.hark.infrastructure.outbound.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DecodeCapacityTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long ONE_SECOND_OF_AUDIO = TestCapacity.SAMPLE_RATE;

    /** Two cores, 0.25 s of CPU assumed per second of audio until measured: room for 8 streams. */
    private final TestCapacity clocks = new TestCapacity(2.0, 0.25, 0.5);
    private final DecodeCapacity capacity = clocks.capacity;

    @Test
    void admitsWhileTheAssumedCostFits_andRefusesTheNextWithARetryHint() {
        List<DecodeCapacity.Admission> admissions = admit(9);

        assertThat(admissions.subList(0, 8)).allMatch(DecodeCapacity.Admitted.class::isInstance);
        ClientError refusal = refused(admissions.get(8));
        assertThat(refusal.code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(refusal.retryAfter()).isEqualTo(TestCapacity.RETRY);
        assertThat(refusal.message()).contains("8 streams need 2.00 of 2.00 cores");
        assertThat(capacity.refusal()).contains(refusal);
        assertThat(capacity.load().streams()).isEqualTo(8);
    }

    @Test
    void refusalReservesNothing() {
        admit(7);

        assertThat(capacity.refusal()).isEmpty();
        assertThat(capacity.refusal()).isEmpty();
        assertThat(capacity.admit()).isInstanceOf(DecodeCapacity.Admitted.class);
        assertThat(capacity.refusal()).isPresent();
    }

    @Test
    void anEndedStreamFreesItsShare_once() {
        List<DecodeCapacity.Share> shares = admitted(8);

        shares.getFirst().close();
        shares.getFirst().close();

        assertThat(capacity.load().streams()).isEqualTo(7);
        assertThat(capacity.admit()).isInstanceOf(DecodeCapacity.Admitted.class);
        assertThat(capacity.admit()).isInstanceOf(DecodeCapacity.Refused.class);
    }

    @Test
    void pricesNewStreamsAtTheInitialEstimate_untilTheyHaveDecodedTenSeconds_thenAtTheMeasuredCost() {
        DecodeCapacity.Share first = clocks.admitted();
        decode(first, 6000, 0.05); // 100 minutes of audio at a real-time factor of 0.05
        double rtf = capacity.load().realTimeFactor();
        assertThat(rtf).isCloseTo(0.05, within(0.001));

        List<DecodeCapacity.Share> burst = admitted(100);
        assertThat(burst).as("a burst counts at the initial 0.25 each").hasSize((int) ((2.0 - rtf) / 0.25));
        assertThat(capacity.load().demandCores()).isCloseTo(rtf + burst.size() * 0.25, within(1e-9));

        for (List<DecodeCapacity.Share> fresh = burst; !fresh.isEmpty(); fresh = admitted(100)) {
            fresh.forEach(share -> decode(share, (int) DecodeCapacity.SETTLED_AFTER_SECONDS, rtf));
        }

        double settledRtf = capacity.load().realTimeFactor();
        assertThat(capacity.load().streams()).as("as they settle, streams count at the measured cost; the next"
                        + " one still needs room for the initial estimate")
                .isBetween((int) ((2.0 - 0.25) / settledRtf), (int) (2.0 / settledRtf));
        assertThat(capacity.load().demandCores()).isLessThanOrEqualTo(2.0);
    }

    @Test
    void followsTheMeasuredCost_whenDecodingIsDearerThanAssumed() {
        DecodeCapacity.Share share = clocks.admitted();
        decode(share, 600, 0.5);

        assertThat(capacity.load().realTimeFactor()).isCloseTo(0.5, within(0.005));
        assertThat(capacity.load().demandCores()).isCloseTo(0.5, within(0.005));
        assertThat(admitted(100)).hasSize(3);
    }

    @Test
    void countsWorkWithoutAudio_suchAsEndingAnUtterance() {
        DecodeCapacity.Share share = clocks.admitted();
        decode(share, 600, 0.1);
        for (int i = 0; i < 600; i++) {
            share.decode(0, clocks.ticker.get(), () -> clocks.cpu.addAndGet(SECOND / 10));
        }

        assertThat(capacity.load().realTimeFactor()).isCloseTo(0.2, within(0.005));
    }

    @Test
    void weighsTheInitialEstimateLikeTenSecondsOfAudio() {
        DecodeCapacity.Share share = clocks.admitted();
        decode(share, 10, 0.05);

        assertThat(capacity.load().realTimeFactor()).isCloseTo((0.25 + 0.05) / 2, within(0.001));
    }

    @Test
    void forgetsOldMeasurements_withAHalfLifeOfAMinute() {
        DecodeCapacity.Share share = clocks.admitted();
        decode(share, 600, 0.05);
        clocks.ticker.addAndGet((long) (DecodeCapacity.HALF_LIFE_SECONDS * SECOND));
        decode(share, 600, 0.15); // the new minute weighs twice the old one

        assertThat(capacity.load().realTimeFactor()).isCloseTo((0.05 + 2 * 0.15) / 3, within(0.002));

        clocks.ticker.addAndGet(20 * (long) (DecodeCapacity.HALF_LIFE_SECONDS * SECOND));
        assertThat(capacity.load().realTimeFactor()).isCloseTo(0.25, within(0.001));
    }

    @Test
    void refusesWhileTheDecodersAreBehind_andAdmitsOnceTheyCatchUp() {
        DecodeCapacity.Share share = clocks.admitted();
        share.queued(3 * ONE_SECOND_OF_AUDIO); // 3 s x 0.25 / 2 cores = 0.375 s of work: not behind yet
        assertThat(capacity.refusal()).isEmpty();

        share.queued(2 * ONE_SECOND_OF_AUDIO); // 0.625 s of work
        ClientError refusal = capacity.refusal().orElseThrow();
        assertThat(refusal.code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(refusal.message()).contains("0.63 s behind");
        assertThat(capacity.load().behindSeconds()).isCloseTo(0.625, within(0.001));
        assertThat(capacity.admit()).isInstanceOf(DecodeCapacity.Refused.class);

        share.decode(ONE_SECOND_OF_AUDIO, clocks.ticker.get(), () -> clocks.cpu.addAndGet(SECOND / 4));
        assertThat(capacity.refusal()).isEmpty();
    }

    @Test
    void measuresLag_fromQueueingToTheEndOfDecoding_overTheLastOneOrTwoSeconds() {
        DecodeCapacity.Share share = clocks.admitted();
        long at = share.queued(ONE_SECOND_OF_AUDIO / 10).atNanos();
        clocks.ticker.addAndGet(SECOND / 10); // waits for a decode thread
        share.decode(ONE_SECOND_OF_AUDIO / 10, at, () -> clocks.ticker.addAndGet(SECOND / 5)); // decodes

        assertThat(capacity.load().lagSeconds()).isCloseTo(0.3, within(1e-9));
        clocks.ticker.addAndGet(SECOND);
        assertThat(capacity.load().lagSeconds()).as("still in the previous window").isCloseTo(0.3, within(1e-9));
        clocks.ticker.addAndGet(SECOND);
        assertThat(capacity.load().lagSeconds()).isZero();
    }

    @Test
    void refusesWhileTheMeasuredLagExceedsTheBound_evenWithNothingQueued() {
        DecodeCapacity.Share share = clocks.admitted();
        long at = share.queued(ONE_SECOND_OF_AUDIO / 10).atNanos();
        clocks.ticker.addAndGet(6 * SECOND / 10); // the machine is busy with something else
        share.decode(ONE_SECOND_OF_AUDIO / 10, at, () -> { });

        assertThat(capacity.load().behindSeconds()).isZero();
        assertThat(capacity.refusal()).hasValueSatisfying(error ->
                assertThat(error.message()).contains("0.60 s behind"));
        clocks.ticker.addAndGet(2 * SECOND);
        assertThat(capacity.refusal()).isEmpty();
    }

    @Test
    void anEndedStreamTakesItsQueueWithIt() {
        DecodeCapacity.Share share = clocks.admitted();
        assertThat(share.queued(10 * ONE_SECOND_OF_AUDIO).pendingSamples()).isEqualTo(10 * ONE_SECOND_OF_AUDIO);
        assertThat(capacity.refusal()).isPresent();

        share.close();
        share.decode(ONE_SECOND_OF_AUDIO, clocks.ticker.get(), () -> clocks.cpu.addAndGet(SECOND));

        assertThat(capacity.load().behindSeconds()).isZero();
        assertThat(capacity.load().realTimeFactor()).isEqualTo(0.25); // nothing booked after the end
        assertThat(capacity.refusal()).isEmpty();
    }

    @Test
    void reportsEachStreamsOwnQueue() {
        DecodeCapacity.Share first = clocks.admitted();
        DecodeCapacity.Share second = clocks.admitted();

        first.queued(1000);
        assertThat(second.queued(500).pendingSamples()).isEqualTo(500);
        first.decode(400, clocks.ticker.get(), () -> { });
        assertThat(first.queued(0).pendingSamples()).isEqualTo(600);
    }

    @Test
    @DisplayName("H30: of twice the sustainable number of streams, exactly the sustainable number is admitted")
    void admitsTheSustainableNumber_whenTwiceAsManyArrive_H30() {
        DecodeCapacity.Share measuring = clocks.admitted();
        decode(measuring, 600, 0.4); // 2 cores / 0.4: five real-time streams
        measuring.close();
        int sustainable = (int) (2.0 / capacity.load().realTimeFactor());
        assertThat(sustainable).isEqualTo(5);

        List<DecodeCapacity.Admission> admissions = admit(2 * sustainable);

        assertThat(admissions.subList(0, sustainable)).allMatch(DecodeCapacity.Admitted.class::isInstance);
        assertThat(admissions.subList(sustainable, 2 * sustainable)).allSatisfy(admission ->
                assertThat(refused(admission).code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED));
    }

    @Test
    @DisplayName("H30: streams racing for the last places never overshoot the capacity")
    void admitsExactlyTheCapacity_whenManyThreadsRace_H30() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<DecodeCapacity.Admission>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    return capacity.admit();
                }));
            }
            int admittedCount = 0;
            for (Future<DecodeCapacity.Admission> result : results) {
                if (result.get(5, TimeUnit.SECONDS) instanceof DecodeCapacity.Admitted) {
                    admittedCount++;
                }
            }
            assertThat(admittedCount).isEqualTo(8);
            assertThat(capacity.load().streams()).isEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Decodes {@code seconds} of audio in one-second chunks, each costing {@code rtf} seconds of CPU. */
    private void decode(DecodeCapacity.Share share, int seconds, double rtf) {
        for (int i = 0; i < seconds; i++) {
            long at = share.queued(ONE_SECOND_OF_AUDIO).atNanos();
            share.decode(ONE_SECOND_OF_AUDIO, at, () -> clocks.cpu.addAndGet((long) (rtf * SECOND)));
        }
    }

    private List<DecodeCapacity.Admission> admit(int count) {
        List<DecodeCapacity.Admission> admissions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            admissions.add(capacity.admit());
        }
        return admissions;
    }

    private List<DecodeCapacity.Share> admitted(int attempts) {
        return admit(attempts).stream()
                .flatMap(admission -> admission instanceof DecodeCapacity.Admitted admitted
                        ? java.util.stream.Stream.of(admitted.share()) : java.util.stream.Stream.empty())
                .toList();
    }

    private static ClientError refused(DecodeCapacity.Admission admission) {
        assertThat(admission).isInstanceOf(DecodeCapacity.Refused.class);
        return ((DecodeCapacity.Refused) admission).error();
    }
}
