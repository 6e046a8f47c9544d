package dev.hark.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hark.emulator.deepgram.CloseReasons;
import dev.hark.emulator.deepgram.ConnectionPlan;
import java.time.Duration;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;

/** {@code ./hark deepgram-emulator}'s command line, without starting a server. */
class EmulatorOptionsTest {

    @Test
    void defaultsToABehavingDeepgramOnLoopbackPort9090() throws Exception {
        EmulatorOptions options = parse();

        assertThat(options.settings().host()).isEqualTo("127.0.0.1");
        assertThat(options.settings().port()).isEqualTo(9090);
        assertThat(options.settings().apiKey()).isEmpty();
        assertThat(options.settings().idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.settings().defaultPlan()).isEqualTo(ConnectionPlan.normal());
    }

    @Test
    void turnsFaultFlagsIntoThePlanEveryConnectionFollows() throws Exception {
        EmulatorOptions options = parse("--port", "0", "--api-key", "k", "--close-code", "1011",
                "--close-after-frames", "50", "--handshake-delay-ms", "300", "--idle-timeout-ms", "2000");

        ConnectionPlan plan = options.settings().defaultPlan();
        assertThat(plan.closeCode()).isEqualTo(1011);
        assertThat(plan.closeReason()).isEqualTo(CloseReasons.NET_0000);
        assertThat(plan.closeAfterFrames()).isEqualTo(50);
        assertThat(plan.handshakeDelay()).isEqualTo(Duration.ofMillis(300));
        assertThat(options.settings().apiKey()).isEqualTo("k");
        assertThat(options.settings().idleTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void namesDataErrorsForPolicyCloses_andRefusesImpossiblePlans() throws Exception {
        assertThat(parse("--close-code", "1008", "--close-after-ms", "500").settings().defaultPlan().closeReason())
                .isEqualTo(CloseReasons.DATA_0000);
        assertThat(parse("--handshake-status", "429").settings().defaultPlan().accepts()).isFalse();
        assertThatThrownBy(() -> parse("--handshake-status", "401", "--stall"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static EmulatorOptions parse(String... args) throws Exception {
        ArgumentParser parser = ArgumentParsers.newFor("deepgram-emulator").build();
        EmulatorOptions.configure(parser.addSubparsers().addParser("deepgram-emulator"));
        String[] full = new String[args.length + 1];
        full[0] = "deepgram-emulator";
        System.arraycopy(args, 0, full, 1, args.length);
        Namespace namespace = parser.parseArgs(full);
        return EmulatorOptions.from(namespace);
    }
}
