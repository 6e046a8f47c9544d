package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.bootstrap.config.HarkConfiguration;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import dev.hark.infrastructure.client.ClientSettings;
import dev.hark.infrastructure.client.FramePacer;
import dev.hark.infrastructure.client.HarkStreamClient;
import dev.hark.infrastructure.client.StreamEvent;
import dev.hark.infrastructure.client.StreamTarget;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java client ({@code ./hark transcribe}) against the real server, through a network that drops on cue. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ResumingClientIT {

    static final DropwizardAppExtension<HarkConfiguration> APP = HarkAppHarness.app();

    /**
     * H25 end to end: the stream drops mid-file; the resume that follows is cut right after the
     * upgrade, so the server rotated the token but the client never saw the new one. The client
     * resumes again with the same token, and the file's finals arrive once each, in order.
     */
    @Test
    void deliversEveryFinalOnce_whenTheResumeIsCutRightAfterTheUpgrade_H25() throws Exception {
        SpeechFixture fixture = SpeechFixture.load("two_sentences");
        List<StreamEvent.Transcript> finals = new CopyOnWriteArrayList<>();
        try (DroppingProxy proxy = new DroppingProxy(APP.getLocalPort(), List.of(
                new DroppingProxy.Cut.AfterClientBytes(fixture.pcm().length / 2),
                new DroppingProxy.Cut.RightAfterUpgrade()));
             HarkStreamClient client = HarkStreamClient.start(
                     new StreamTarget(proxy.streamUri(), fixture.sampleRate(), 1, false, "en"), ClientSettings.defaults(),
                     event -> {
                         if (event instanceof StreamEvent.Transcript transcript && transcript.isFinal()) {
                             finals.add(transcript);
                         }
                     })) {

            StreamEvent.SessionClosed closed = client.stream(fixture.audio(), FramePacer.unpaced()).get(60, TimeUnit.SECONDS);

            assertThat(closed.reason()).isEqualTo("client_closed");
            assertThat(proxy.connections()).isEqualTo(3);
            assertThat(proxy.requestLines().get(1)).contains("resume_token=")
                    .as("the lost resume and the next one present the same token").isEqualTo(proxy.requestLines().get(2));
        }
        assertThat(finals).extracting(StreamEvent.Transcript::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, finals.size()).boxed().toList());
        String text = finals.stream().map(StreamEvent.Transcript::text).collect(Collectors.joining(" "));
        assertThat(WordErrorRate.of(fixture.text(), text)).as(text).isLessThanOrEqualTo(0.15);
    }
}
