package dev.hark.infrastructure.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.infrastructure.client.ScriptedStreamServer.Peer;
import dev.hark.infrastructure.client.StreamEvent.ServerError;
import dev.hark.infrastructure.client.StreamEvent.SessionClosed;
import dev.hark.infrastructure.client.StreamEvent.SessionResumed;
import dev.hark.infrastructure.client.StreamEvent.SessionStarted;
import dev.hark.infrastructure.client.StreamEvent.Transcript;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resume against a scripted server that drops the client's socket on cue and then plays the
 * server's side of {@code docs/protocol.md} "Resume after a dropped connection". Backoff goes
 * through a recording sleeper, so the schedule is asserted and nothing sleeps.
 */
class HarkStreamClientResumeIT {

    private static final String FRESH_QUERY = "encoding=linear16&sample_rate=16000&channels=1&interim_results=false"
            + "&language=en";
    /** 0.4 s at 16 kHz mono: twenty 640-byte frames, every byte distinct from its neighbours. */
    private static final WavAudio AUDIO = patterned(12_800);

    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Void>> delivered = new ConcurrentHashMap<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private ScriptedStreamServer server;
    private HarkStreamClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void resendsFromServersAudioEndAndDeliversEachFinalOnce_whenSocketDropsMidStream() throws Exception {
        start(new Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (peer.connection() == 1 && frameIndex == 2) {
                    peer.send(finalTranscript(1, "one"));
                } else if (peer.connection() == 1 && frameIndex == 4) {
                    peer.send(finalTranscript(2, "two"));
                } else if (peer.connection() == 1 && frameIndex == 5) {
                    awaitDelivered("two");
                    peer.close(1011, "lost");
                }
            }

            @Override
            public void onResume(Peer peer) {
                peer.send(resumed(2, "r-2", 0.0625, 1_000));
                peer.send(finalTranscript(2, "two"));
                peer.send(finalTranscript(3, "three"));
            }

            @Override
            public void onCloseStream(Peer peer) {
                peer.send(finalTranscript(4, "four"));
                closeInOrder(peer);
            }
        });

        SessionClosed closed = client.stream(AUDIO, FramePacer.unpaced()).get(10, TimeUnit.SECONDS);

        assertThat(closed.reason()).isEqualTo("client_closed");
        assertThat(server.queries()).containsExactly(FRESH_QUERY, "session_id=s-1&resume_token=r-1&last_seq=2");
        assertThat(server.audioOn(2)).isEqualTo(Arrays.copyOfRange(AUDIO.pcm(), 2_000, AUDIO.pcm().length));
        assertThat(server.textsOn(2)).containsExactly(StreamMessages.CLOSE_STREAM);
        assertThat(finals()).containsExactly("one", "two", "three", "four");
        assertThat(events).filteredOn(SessionResumed.class::isInstance)
                .containsExactly(new SessionResumed("s-1", "r-2", 2, 0.0625, 1_000));
        assertThat(events).first().isInstanceOf(SessionStarted.class);
        assertThat(events).last().isEqualTo(new SessionClosed("client_closed"));
        assertThat(sleeps).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void sharesOneSessionWithoutNewSocket_whenConnectIsCalledDuringResumedStream() throws Exception {
        CompletableFuture<Void> resumedSeen = new CompletableFuture<>();
        CompletableFuture<Void> releaseClose = new CompletableFuture<>();
        start(new Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (peer.connection() == 1 && frameIndex == 1) {
                    peer.close(1011, "lost");
                }
            }

            @Override
            public void onResume(Peer peer) {
                peer.send(resumed(2, "r-2", 0, 0));
                resumedSeen.complete(null);
            }

            @Override
            public void onCloseStream(Peer peer) {
                releaseClose.orTimeout(10, TimeUnit.SECONDS).join();
                closeInOrder(peer);
            }
        });
        CompletableFuture<SessionClosed> outcome = client.stream(AUDIO, FramePacer.unpaced());
        resumedSeen.get(10, TimeUnit.SECONDS);

        SessionStarted again = client.connect().get(10, TimeUnit.SECONDS);
        releaseClose.complete(null);

        assertThat(outcome.get(10, TimeUnit.SECONDS).reason()).isEqualTo("client_closed");
        assertThat(again).isEqualTo(new SessionStarted("s-1", "r-1", 1));
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void resumesAgainWithRotatedToken_whenResumedSocketDropsToo() throws Exception {
        start(new Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (peer.connection() == 1 && frameIndex == 3) {
                    peer.send(finalTranscript(1, "one"));
                    awaitDelivered("one");
                    peer.disconnect();
                } else if (peer.connection() == 2 && frameIndex == 2) {
                    peer.send(finalTranscript(2, "two"));
                    awaitDelivered("two");
                    peer.close(1001, "going away");
                }
            }

            @Override
            public void onResume(Peer peer) {
                if (peer.connection() == 2) {
                    peer.send(resumed(2, "r-2", 0.06, 960));
                } else {
                    peer.send("{\"type\":\"session.resumed\",\"session_id\":\"s-1\",\"generation\":3,"
                            + "\"resume_token\":\"r-3\",\"audio_end\":0.1}");
                }
            }

            @Override
            public void onCloseStream(Peer peer) {
                peer.send(finalTranscript(3, "three"));
                closeInOrder(peer);
            }
        });

        client.stream(AUDIO, FramePacer.unpaced()).get(10, TimeUnit.SECONDS);

        assertThat(server.queries()).containsExactly(FRESH_QUERY, "session_id=s-1&resume_token=r-1&last_seq=1",
                "session_id=s-1&resume_token=r-2&last_seq=2");
        assertThat(server.audioOn(3)).as("resent from round(0.1 s * 16000) samples")
                .isEqualTo(Arrays.copyOfRange(AUDIO.pcm(), 3_200, AUDIO.pcm().length));
        assertThat(finals()).containsExactly("one", "two", "three");
        assertThat(events).filteredOn(SessionResumed.class::isInstance).extracting(e -> ((SessionResumed) e).generation())
                .containsExactly(2L, 3L);
        assertThat(sleeps).as("attempts count per drop").containsExactly(Duration.ofMillis(200), Duration.ofMillis(200));
    }

    /**
     * H25 from the client's side: the resume's answer is lost (the server's side of the socket
     * goes away right after the upgrade, before {@code session.resumed}), so the client never saw
     * a new token and resumes again with the one it has, which the server still accepts.
     */
    @Test
    void resumesAgainWithTheSameToken_whenTheResumedSocketDropsRightAfterTheUpgrade_H25() throws Exception {
        start(new Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (peer.connection() == 1 && frameIndex == 2) {
                    peer.send(finalTranscript(1, "one"));
                    awaitDelivered("one");
                    peer.close(1011, "lost");
                }
            }

            @Override
            public void onResume(Peer peer) {
                if (peer.connection() == 2) {
                    peer.disconnect(); // the answer never leaves the server
                } else {
                    peer.send(resumed(3, "r-3", 0.04, 640));
                }
            }

            @Override
            public void onCloseStream(Peer peer) {
                peer.send(finalTranscript(2, "two"));
                closeInOrder(peer);
            }
        });

        SessionClosed closed = client.stream(AUDIO, FramePacer.unpaced()).get(10, TimeUnit.SECONDS);

        assertThat(closed.reason()).isEqualTo("client_closed");
        assertThat(server.queries()).containsExactly(FRESH_QUERY, "session_id=s-1&resume_token=r-1&last_seq=1",
                "session_id=s-1&resume_token=r-1&last_seq=1");
        assertThat(server.audioOn(3)).isEqualTo(Arrays.copyOfRange(AUDIO.pcm(), 1_280, AUDIO.pcm().length));
        assertThat(finals()).containsExactly("one", "two");
        assertThat(sleeps).as("the second attempt of the same drop backs off").containsExactly(Duration.ofMillis(200),
                Duration.ofMillis(400));
    }

    @Test
    void resendsCloseStream_whenSocketDropsAfterCloseStream() throws Exception {
        start(new Script() {
            @Override
            public void onResume(Peer peer) {
                peer.send(resumed(2, "r-2", 0.4, 6_400));
                peer.send("{\"type\":\"error\",\"code\":\"FINALS_EXPIRED\",\"message\":\"1 final expired\"}");
                peer.send(finalTranscript(2, "two"));
            }

            @Override
            public void onCloseStream(Peer peer) {
                if (peer.connection() == 1) {
                    peer.send(finalTranscript(1, "one"));
                    peer.close(1011, "lost");
                } else {
                    peer.send(finalTranscript(3, "three"));
                    closeInOrder(peer);
                }
            }
        });

        client.stream(AUDIO, FramePacer.unpaced()).get(10, TimeUnit.SECONDS);

        assertThat(server.queries()).element(1).isEqualTo("session_id=s-1&resume_token=r-1&last_seq=1");
        assertThat(server.audioOn(2)).isEmpty();
        assertThat(server.textsOn(2)).containsExactly(StreamMessages.CLOSE_STREAM);
        assertThat(finals()).containsExactly("one", "two", "three");
        assertThat(events).contains(new ServerError("FINALS_EXPIRED", "1 final expired", Duration.ZERO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RESUME_DENIED", "SESSION_NOT_FOUND", "INVALID_PARAMETER"})
    void failsWithServersCodeWithoutRetrying_whenResumeIsRefused(String code) throws Exception {
        start(new Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (peer.connection() == 1 && frameIndex == 2) {
                    peer.close(1011, "lost");
                }
            }

            @Override
            public void onResume(Peer peer) {
                peer.send("{\"type\":\"error\",\"code\":\"" + code + "\",\"message\":\"no\"}");
                peer.close(1008, code);
            }
        });

        HarkStreamException failure = failureOf(client.stream(AUDIO, FramePacer.unpaced()));

        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure).hasMessageStartingWith("connection dropped (")
                .hasMessageEndingWith("); resuming session s-1 failed: server error " + code + ": no");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void waitsAsLongAsServerAsks_thenResumes_whenSessionIsBusyOrReconnectIsTooSoon() throws Exception {
        start(new Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (peer.connection() == 1 && frameIndex == 2) {
                    peer.close(1011, "lost");
                }
            }

            @Override
            public void onResume(Peer peer) {
                switch (peer.connection()) {
                    case 2 -> refuse(peer, "SESSION_BUSY", 1_500);
                    case 3 -> refuse(peer, "RECONNECT_TOO_SOON", 100);
                    default -> peer.send(resumed(2, "r-2", 0, 0));
                }
            }

            @Override
            public void onCloseStream(Peer peer) {
                closeInOrder(peer);
            }
        });

        client.stream(AUDIO, FramePacer.unpaced()).get(10, TimeUnit.SECONDS);

        assertThat(sleeps).as("backoff 200/400/800 ms, but never less than retry_after_ms")
                .containsExactly(Duration.ofMillis(200), Duration.ofMillis(1_500), Duration.ofMillis(800));
        assertThat(server.queries()).hasSize(4).element(3).isEqualTo("session_id=s-1&resume_token=r-1&last_seq=0");
        assertThat(server.audioOn(4)).isEqualTo(AUDIO.pcm());
    }

    @Test
    void givesUpWithResumeFailed_afterFiveAttempts_whenEveryResumeDrops() throws Exception {
        start(new Script() {
            @Override
            public void onBinary(Peer peer, int frameIndex, ByteBuffer frame) {
                if (peer.connection() == 1 && frameIndex == 2) {
                    peer.disconnect();
                }
            }

            @Override
            public void onResume(Peer peer) {
                peer.close(1011, "still broken");
            }
        });

        HarkStreamException failure = failureOf(client.stream(AUDIO, FramePacer.unpaced()));

        assertThat(failure.code()).isEqualTo("resume_failed");
        assertThat(failure).hasMessageStartingWith("connection dropped (")
                .hasMessageContaining("session s-1 could not be resumed after 5 attempts; last: server closed the "
                        + "connection (1011 still broken) before session.closed");
        assertThat(server.connections()).isEqualTo(6);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(1_600), Duration.ofMillis(2_000));
    }

    /**
     * The error comes after {@code close_stream}, while the client is not writing: a server that
     * closes while audio is still arriving can reset the TCP connection, and the reset throws away
     * the error before the client reads it. The client then sees a plain drop, and its resume is
     * refused instead (the session is gone), which still ends without a loop.
     */
    @Test
    void failsWithoutResuming_whenServerEndsStreamWithError() throws Exception {
        start(new Script() {
            @Override
            public void onCloseStream(Peer peer) {
                refuse(peer, "PROVIDER_ERROR", 0);
            }
        });

        HarkStreamException failure = failureOf(client.stream(AUDIO, FramePacer.unpaced()));

        assertThat(failure.code()).isEqualTo("PROVIDER_ERROR");
        assertThat(server.connections()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    /** The scripted server's side of a session that can be resumed: connection 1 is fresh, later ones resume. */
    private interface Script extends ScriptedStreamServer.Script {
        @Override
        default void onOpen(Peer peer) {
            if (peer.connection() == 1) {
                ScriptedStreamServer.Script.super.onOpen(peer);
            } else if (peer.query().contains("session_id=")) {
                onResume(peer);
            } else {
                peer.send("{\"type\":\"session.started\",\"session_id\":\"s-" + peer.connection()
                        + "\",\"resume_token\":\"r\",\"generation\":1}");
            }
        }

        default void onResume(Peer peer) {
            refuse(peer, "SESSION_NOT_FOUND", 0);
        }

        @Override
        default void onText(Peer peer, String text) {
            if (text.contains("close_stream")) {
                onCloseStream(peer);
            }
        }

        default void onCloseStream(Peer peer) {
            closeInOrder(peer);
        }
    }

    private void start(Script script) throws Exception {
        server = new ScriptedStreamServer(script);
        client = HarkStreamClient.start(new StreamTarget(server.endpoint(), 16_000, 1, false, "en"),
                ClientSettings.defaults(), ResumePolicy.withSleeper(sleeps::add), this::record);
    }

    private void record(StreamEvent event) {
        events.add(event);
        if (event instanceof Transcript t && t.isFinal()) {
            delivered(t.text()).complete(null);
        }
    }

    private CompletableFuture<Void> delivered(String text) {
        return delivered.computeIfAbsent(text, key -> new CompletableFuture<>());
    }

    /**
     * Lets the scripted server drop the socket only once the client's listener has a final: a
     * final still unread when the socket dies is not lost (the resume replays it) but would make
     * the expected {@code last_seq} a race.
     */
    private void awaitDelivered(String text) {
        delivered(text).orTimeout(5, TimeUnit.SECONDS).join();
    }

    private List<String> finals() {
        return events.stream().filter(e -> e instanceof Transcript t && t.isFinal())
                .map(e -> ((Transcript) e).text()).toList();
    }

    private static void closeInOrder(Peer peer) {
        peer.send("{\"type\":\"session.closed\",\"reason\":\"client_closed\"}");
        peer.closeNormally();
    }

    private static void refuse(Peer peer, String code, int retryAfterMillis) {
        peer.send("{\"type\":\"error\",\"code\":\"" + code + "\",\"message\":\"not now\""
                + (retryAfterMillis > 0 ? ",\"retry_after_ms\":" + retryAfterMillis : "") + "}");
        peer.close(switch (code) {
            case "PROVIDER_ERROR" -> 1011;
            case "SESSION_BUSY", "RECONNECT_TOO_SOON" -> 1013;
            default -> 1008;
        }, code);
    }

    private static String resumed(int generation, String token, double audioEnd, long samples) {
        return "{\"type\":\"session.resumed\",\"session_id\":\"s-1\",\"generation\":" + generation
                + ",\"resume_token\":\"" + token + "\",\"audio_end\":" + audioEnd + ",\"audio_end_samples\":" + samples + "}";
    }

    private static String finalTranscript(int seq, String text) {
        return "{\"type\":\"transcript\",\"seq\":" + seq + ",\"is_final\":true,\"text\":\"" + text
                + "\",\"start\":0.0,\"end\":1.0,\"words\":[]}";
    }

    private static WavAudio patterned(int bytes) {
        byte[] pcm = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            pcm[i] = (byte) (i * 7 + i / 251);
        }
        return new WavAudio(16_000, 1, pcm);
    }

    private static HarkStreamException failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HarkStreamException failure) {
                return failure;
            }
            throw e;
        }
        throw new AssertionError("expected failure, got success");
    }
}
