package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator against the official Deepgram JS SDK ({@code @deepgram/sdk}, pinned in
 * src/test/js/package-lock.json): if the SDK connects with a key, parses every message and sees
 * a clean close, the wire format is right where it matters to real clients. Needs node and npm
 * on the PATH and the npm registry (or a warm ~/.npm cache); fails, never skips, without them.
 */
class DeepgramSdkCompatibilityIT {

    private static final Logger LOG = LoggerFactory.getLogger(DeepgramSdkCompatibilityIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sdk-compat-key-42";
    private static final Duration NPM_CI_LIMIT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_LIMIT = Duration.ofSeconds(90);

    private static Path workDir;
    private static EmbeddedEngine engine;

    @BeforeAll
    static void installTheSdk() throws Exception {
        requireTool("node");
        requireTool("npm");
        workDir = Path.of("target", "sdk-check").toAbsolutePath();
        copyScripts(jsSources(), workDir);
        long started = System.nanoTime();
        Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), NPM_CI_LIMIT,
                "npm-ci");
        if (install.exitCode() != 0) {
            fail("npm ci failed in %s (exit %d); is the npm registry reachable?%n%s", workDir, install.exitCode(),
                    install.stderrTail());
        }
        LOG.info("MEASURE npm ci took {} ms", elapsedMillis(started));
        engine = new EmbeddedEngine();
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void officialJsSdkConnectsWithTheKeyParsesEveryMessageAndClosesCleanly() throws Exception {
        try (DeepgramEmulator emulator = DeepgramEmulator.start(EmulatorSettings.defaults().withApiKey(KEY),
                engine.recognizer())) {
            long started = System.nanoTime();
            Run script = run(List.of("node", "sdk-check.mjs", emulator.baseUri().toString(), KEY,
                    SpeechFixtures.dir().resolve("weather.wav").toString(), "60000"), SCRIPT_LIMIT, "sdk-check");
            LOG.info("MEASURE SDK session (node start to close) took {} ms", elapsedMillis(started));

            assertThat(script.exitCode()).as("sdk-check.mjs exit code; stderr:%n%s", script.stderrTail()).isZero();
            JsonNode summary = JSON.readTree(script.lastStdoutLine());
            assertThat(summary.path("opened").asBoolean()).isTrue();
            assertThat(summary.path("errors")).as("SDK errors").isEmpty();
            List<JsonNode> messages = StreamSupport.stream(summary.path("messages").spliterator(), false).toList();

            ConnectionObservation seen = emulator.observations().last();
            LOG.info("SDK saw {} (close {}), flush {}; the emulator saw {}", WireAssertions.countByType(messages),
                    summary.path("closeCode").asInt(), WireAssertions.finals(messages).stream()
                            .filter(r -> r.path("from_finalize").asBoolean()).map(WireAssertions::transcript).toList(),
                    seen);
            assertThat(emulator.observations().connectionCount()).as("one connection, no reconnects").isOne();
            assertThat(seen.handshakeStatus()).isEqualTo(101);
            assertThat(seen.header("Authorization")).as("the SDK authenticated with the key").isEqualTo("Token " + KEY);
            assertThat(seen.queryValues("keyterm")).as("keyterm as repeated query keys")
                    .containsExactly("park", "weather");

            List<JsonNode> results = WireAssertions.ofType(messages, "Results");
            results.forEach(WireAssertions::assertResultsShape);
            assertThat(WireAssertions.words(WireAssertions.finals(messages))).isEqualTo(SpeechFixtures.text("weather"));
            assertThat(results).anyMatch(r -> !r.path("is_final").asBoolean());
            assertThat(WireAssertions.finals(messages)).as("the Finalize flushed the unfinished utterance")
                    .anyMatch(r -> r.path("from_finalize").asBoolean() && !WireAssertions.transcript(r).isEmpty());
            List<JsonNode> metadata = WireAssertions.ofType(messages, "Metadata");
            assertThat(metadata).hasSize(1);
            WireAssertions.assertMetadataShape(metadata.getFirst());
            assertThat(metadata.getFirst().path("request_id").asText()).isEqualTo(seen.requestId());
            assertThat(messages.getLast()).isEqualTo(metadata.getFirst());
            assertThat(summary.path("closeCode").asInt()).isEqualTo(1000);
            assertThat(seen.closeCode()).isEqualTo(1000);
            assertThat(seen.finalizes()).isOne();
            assertThat(seen.keepAlives()).isOne();
            assertThat(seen.closeStreams()).isOne();
        }
    }

    private static void requireTool(String tool) {
        try {
            Run version = run(List.of(tool, "--version"), Duration.ofSeconds(60), tool + "-version");
            if (version.exitCode() != 0) {
                fail("'%s --version' failed (exit %d): this test needs node and npm on the PATH", tool,
                        version.exitCode());
            }
            LOG.info("{} {}", tool, version.lastStdoutLine());
        } catch (IOException e) {
            fail("'%s' is not installed or not on the PATH; DeepgramSdkCompatibilityIT needs node (>= 18) and npm"
                    + " to run the official Deepgram JS SDK: %s", tool, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while checking for " + tool);
        }
    }

    private static Path jsSources() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("src/test/js"), dir.resolve("deepgram-emulator/src/test/js"))) {
                if (Files.isRegularFile(candidate.resolve("sdk-check.mjs"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("src/test/js/sdk-check.mjs not found above " + Path.of("").toAbsolutePath());
    }

    /** The committed files only: a stray node_modules in the source tree is never copied. */
    private static void copyScripts(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Run run(List<String> command, Duration limit, String logName)
            throws IOException, InterruptedException {
        Path dir = workDir != null ? workDir : Path.of("").toAbsolutePath();
        Path stdout = Files.createTempFile(logName, ".out");
        Path stderr = Files.createTempFile(logName, ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("%s did not finish within %s; stderr:%n%s", String.join(" ", command), limit,
                    tail(Files.readAllLines(stderr)));
        }
        Run result = new Run(process.exitValue(), Files.readAllLines(stdout), Files.readAllLines(stderr));
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        return result;
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private record Run(int exitCode, List<String> stdout, List<String> stderr) {

        String lastStdoutLine() {
            List<String> nonBlank = new ArrayList<>(stdout.stream().filter(line -> !line.isBlank()).toList());
            if (nonBlank.isEmpty()) {
                fail("no output on stdout; stderr:%n%s", stderrTail());
            }
            return nonBlank.getLast();
        }

        String stderrTail() {
            return tail(stderr);
        }
    }
}
