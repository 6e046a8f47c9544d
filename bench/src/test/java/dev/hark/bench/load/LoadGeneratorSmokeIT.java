package dev.hark.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.bench.relay.RawRelay;
import dev.hark.bootstrap.HarkApplication;
import dev.hark.bootstrap.config.HarkConfiguration;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generator end to end for a few seconds with a handful of sessions, against the real
 * application with the echo provider and against the raw relay: every frame sent is
 * acknowledged exactly once and nothing goes wrong. Correctness only; timings are not asserted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LoadGeneratorSmokeIT {

    private static final int SESSIONS = 5;
    private static final Duration SECONDS = Duration.ofSeconds(3);

    static final DropwizardAppExtension<HarkConfiguration> HARK = new DropwizardAppExtension<>(
            HarkApplication.class, ResourceHelpers.resourceFilePath("smoke-config.yml"));

    private static LoadGenerator generator;

    @BeforeAll
    static void startGenerator() {
        generator = new LoadGenerator();
    }

    @AfterAll
    static void stopGenerator() {
        generator.close();
    }

    @Test
    void everyFrameIsAcknowledgedExactlyOnce_throughHarkWithTheEchoProvider() throws Exception {
        LoadResult result = generator.run(plan(URI.create("ws://127.0.0.1:" + HARK.getLocalPort() + "/v1/stream")),
                LoadGenerator.Window.NONE);

        assertClean(result);
    }

    @Test
    void everyFrameIsAcknowledgedExactlyOnce_throughTheRawRelay() throws Exception {
        try (RawRelay relay = RawRelay.start(0)) {
            LoadResult result = generator.run(plan(URI.create("ws://127.0.0.1:" + relay.port() + "/v1/stream")),
                    LoadGenerator.Window.NONE);

            assertClean(result);
        }
    }

    private static LoadPlan plan(URI target) {
        return new LoadPlan(target, SESSIONS, SECONDS, AudioLoop.silence(20), 20, Duration.ofSeconds(10));
    }

    private static void assertClean(LoadResult result) {
        int frames = SESSIONS * (int) (SECONDS.toMillis() / 20);
        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.started()).as("sessions started").isEqualTo(SESSIONS);
        assertThat(result.framesSent()).as("frames sent").isEqualTo(frames);
        assertThat(result.lost()).as("lost frames").isZero();
        assertThat(result.duplicates()).as("duplicated frames").isZero();
        assertThat(result.misaligned()).as("finals off frame edges").isZero();
        assertThat(result.unknown()).as("finals naming unsent audio").isZero();
        assertThat(result.acknowledged()).as("frames acknowledged").isEqualTo(frames);
        assertThat(result.latency().getTotalCount()).isEqualTo(frames);
        assertThat(result.isClean()).isTrue();
    }
}
