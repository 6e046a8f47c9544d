package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionPlanTest {

    @Test
    void normalAcceptsAndForcesNothing() {
        ConnectionPlan plan = ConnectionPlan.normal();

        assertThat(plan.accepts()).isTrue();
        assertThat(plan.forcesClose()).isFalse();
        assertThat(plan.stall()).isFalse();
        assertThat(plan.handshakeDelay()).isZero();
    }

    @Test
    void buildsTheDocumentedFaults() {
        assertThat(ConnectionPlan.net0000AfterFrames(5)).isEqualTo(
                new ConnectionPlan(101, Duration.ZERO, 1011, CloseReasons.NET_0000, Duration.ZERO, 5, false));
        assertThat(ConnectionPlan.data0000AfterFrames(1).closeCode()).isEqualTo(1008);
        assertThat(ConnectionPlan.stalled().stall()).isTrue();
        assertThat(ConnectionPlan.rejectWith(429).withHandshakeDelay(Duration.ofSeconds(1)))
                .isEqualTo(new ConnectionPlan(429, Duration.ofSeconds(1), 0, "", Duration.ZERO, 0, false));
    }

    @Test
    void refusesPlansThatCannotHappen() {
        assertThatThrownBy(() -> ConnectionPlan.rejectWith(200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionPlan.normal().closingAfterFrames(1, 1006, ""))
                .hasMessageContaining("cannot be sent");
        assertThatThrownBy(() -> new ConnectionPlan(101, Duration.ZERO, 0, "", Duration.ZERO, 3, false))
                .hasMessageContaining("need a closeCode");
        assertThatThrownBy(() -> ConnectionPlan.rejectWith(429).stalling()).hasMessageContaining("rejected");
        assertThatThrownBy(() -> ConnectionPlan.normal().closingAfterFrames(1, 1011, "x".repeat(124)))
                .hasMessageContaining("123");
        assertThatThrownBy(() -> ConnectionPlan.normal().withHandshakeDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheObservedReasonTextsWithinACloseFrame() {
        assertThat(CloseReasons.NET_0001).startsWith("NET-0001 ").endsWith("https://dpgr.am/net0001");
        for (String reason : new String[] {CloseReasons.NET_0000, CloseReasons.NET_0001, CloseReasons.DATA_0000}) {
            assertThat(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        }
    }

    @Test
    void settingsDefaultToLoopbackAnyKeyAndTenSeconds() {
        EmulatorSettings settings = EmulatorSettings.defaults();

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isZero();
        assertThat(settings.apiKey()).isEmpty();
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.defaultPlan()).isEqualTo(ConnectionPlan.normal());
        assertThat(settings.withPort(9090).withApiKey("k").port()).isEqualTo(9090);
    }
}
