package dev.hark.bootstrap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One {@code /v1/stream} client of a cluster gateway running the echo recognizer (a final per chunk,
 * naming its span), with the oracle of the cluster's process tests: the finals it received tile the
 * audio it sent from sample 0, with no gap and no overlap, and their seqs are 1, 2, 3, ...
 *
 * <p>It sends 100 ms chunks of silence; in lockstep, each chunk goes after the final of the one
 * before, so a test acts at a known point of a live stream and waits only on what it observes.
 * It can resume on another gateway (H33) as a client does: with its last seq and latest token,
 * then resending the audio after the server's {@code audio_end}.
 */
final class EchoClusterClient implements AutoCloseable {

    static final int CHUNK_SAMPLES = 1600;

    private final WebSocketClient client;
    private final List<JsonNode> finals = new ArrayList<>();
    private final String sessionId;
    private TestStreamSocket socket;
    private String token;
    private long sent;

    private EchoClusterClient(WebSocketClient client, TestStreamSocket socket, JsonNode started) {
        this.client = client;
        this.socket = socket;
        this.sessionId = started.path("session_id").asText();
        this.token = started.path("resume_token").asText();
    }

    static EchoClusterClient open(WebSocketClient client, HarkProcess gateway) throws Exception {
        TestStreamSocket socket = TestStreamSocket.connect(client, gateway.stream(""));
        JsonNode started = socket.next();
        assertThat(started.path("type").asText()).isEqualTo("session.started");
        return new EchoClusterClient(client, socket, started);
    }

    /** The socket in use now (a resume replaces it). */
    TestStreamSocket socket() {
        return socket;
    }

    /** The finals that reached the socket before it closed (its gateway died). */
    void takeWhatArrived() throws Exception {
        takeFinals(socket.drainUntilClosed());
    }

    /**
     * Resumes on {@code other} with the last seq received, then resends the audio after the
     * server's {@code audio_end}, as a client does. Returns the nanoseconds from opening the
     * socket to {@code session.resumed}.
     */
    long resumeOn(HarkProcess other) throws Exception {
        long lastSeq = finals.isEmpty() ? 0 : finals.getLast().path("seq").asLong();
        long opening = System.nanoTime();
        socket = TestStreamSocket.connect(client, other.stream("session_id=" + sessionId + "&resume_token=" + token
                + "&last_seq=" + lastSeq));
        JsonNode resumed = socket.next();
        long took = System.nanoTime() - opening;
        assertThat(resumed.path("type").asText()).as("%s", resumed).isEqualTo("session.resumed");
        token = resumed.path("resume_token").asText();
        long audioEnd = resumed.path("audio_end_samples").asLong();
        assertThat(audioEnd).as("audio_end within what was sent").isBetween(0L, sent);
        long resend = sent - audioEnd;
        sent = audioEnd;
        while (resend > 0) {
            int samples = (int) Math.min(CHUNK_SAMPLES, resend);
            socket.sendBinary(new byte[samples * 2]);
            sent += samples;
            resend -= samples;
        }
        return took;
    }

    /** Sends {@code chunks} chunks, each after the final of the one before. */
    void sendInLockstep(int chunks) throws Exception {
        for (int i = 0; i < chunks; i++) {
            sendWithoutWaiting(1);
            while (finals.isEmpty() || finalEnd(finals.getLast()) < sent) {
                finals.add(socket.nextOfType("transcript"));
            }
        }
    }

    void sendWithoutWaiting(int chunks) throws Exception {
        for (int i = 0; i < chunks; i++) {
            socket.sendBinary(new byte[CHUNK_SAMPLES * 2]);
            sent += CHUNK_SAMPLES;
        }
    }

    /** Closes the stream and checks that seqs 1..n and spans tile [0, sent). */
    void closeAndCheckTiling() throws Exception {
        socket.sendText("{\"type\":\"close_stream\"}");
        takeFinals(socket.drainUntilClosed());
        assertThat(checkTiling()).as("finals cover everything sent").isEqualTo(sent);
    }

    /**
     * Waits for the server to end the stream with an error and returns it, after checking that the
     * finals received before it tile a prefix of the audio (nothing doubled, nothing skipped): the
     * rest is what the client knows to send again.
     */
    JsonNode awaitErrorAndCheckPrefix() throws Exception {
        List<JsonNode> rest = socket.drainUntilClosed();
        takeFinals(rest);
        assertThat(checkTiling()).as("a prefix of what was sent").isLessThanOrEqualTo(sent);
        return rest.stream().filter(message -> message.path("type").asText().equals("error")).findFirst()
                .orElseThrow(() -> new AssertionError("no error before the close: " + rest));
    }

    TestStreamSocket.CloseStatus closeStatus() throws Exception {
        return socket.awaitClose();
    }

    private void takeFinals(List<JsonNode> messages) {
        for (JsonNode message : messages) {
            if (message.path("type").asText().equals("transcript")) {
                finals.add(message);
            }
        }
    }

    /** Consecutive seqs and contiguous spans from 0; returns where the last final ends. */
    private long checkTiling() {
        long end = 0;
        long seq = 0;
        for (JsonNode transcript : finals) {
            assertThat(transcript.path("is_final").asBoolean()).as("only finals: %s", transcript).isTrue();
            assertThat(transcript.path("seq").asLong()).as("consecutive seqs").isEqualTo(seq + 1);
            seq++;
            assertThat(sample(transcript.path("start").asDouble())).as("no gap, no overlap at %s", transcript)
                    .isEqualTo(end);
            end = finalEnd(transcript);
        }
        return end;
    }

    private static long finalEnd(JsonNode transcript) {
        return sample(transcript.path("end").asDouble());
    }

    private static long sample(double seconds) {
        return Math.round(seconds * 16_000);
    }

    @Override
    public void close() {
        socket.close();
    }
}
