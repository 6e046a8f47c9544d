package dev.hark.application.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.domain.session.SessionId;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The gateway's owner check on one store session, against a scripted store on a manual clock. */
class OwnerWatchTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ScriptedGatewayStore store = new ScriptedGatewayStore();
    /** leaseTtl 3 s (so at most one request per 1.5 s), ownerCheckInterval 500 ms. */
    private final OwnerWatch watch = new OwnerWatch(new SessionId("store-0001"), new SessionId("client-0001"), store,
            scheduler, scheduler, StoreRecognizerStreamTest.SETTINGS);

    @Test
    @DisplayName("H32: an owner whose lease lapsed makes the gateway ask for a worker, at most once per half lease")
    void ownerWithoutLease_isReplacedOnRequest_H32() {
        watch.start();
        store.inspection = ScriptedGatewayStore.owned(false);

        // the open itself asked (NEW) at 0: checks at 0.5 s and 1 s wait; the one at 1.5 s asks again
        scheduler.advance(Duration.ofMillis(1000));
        assertThat(store.requests).isEmpty();
        scheduler.advance(Duration.ofMillis(500));
        assertThat(store.requests).containsExactly(AssignmentReason.OWNER_LOST);

        scheduler.advance(Duration.ofMillis(1000));
        assertThat(store.requests).as("not again within half a lease").hasSize(1);
        scheduler.advance(Duration.ofMillis(500));
        assertThat(store.requests).hasSize(2);
    }

    @Test
    void liveOwner_isLeftAlone() {
        watch.start();

        scheduler.advance(Duration.ofSeconds(5));

        assertThat(store.inspections.get()).isEqualTo(10);
        assertThat(store.requests).isEmpty();
    }

    @Test
    void stoppedWatch_checksAndAsksNoMore() {
        watch.start();
        store.inspection = ScriptedGatewayStore.owned(false);
        scheduler.advance(Duration.ofMillis(1000));

        watch.stop();
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(store.inspections.get()).isEqualTo(2);
        assertThat(store.requests).isEmpty();
    }
}
