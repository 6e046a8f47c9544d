package dev.hark.bootstrap.it.browser;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser client's npm package ({@code clients/javascript}) made runnable for the suite: its
 * committed files are copied to {@code target/js-client} (a stray {@code node_modules} in the
 * source tree is never used) and its pinned dev dependencies ({@code ws}, {@code playwright-core},
 * from package-lock.json) installed with {@code npm ci}, once per JVM. Needs node (>= 20) and npm
 * on the PATH, and the npm registry or a warm ~/.npm cache: {@code ./hark test} installs node;
 * without them the tests fail, never skip.
 */
final class NodePackage {

    private static final Logger LOG = LoggerFactory.getLogger(NodePackage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "clients/javascript";
    private static final int MIN_NODE = 20;
    private static final Duration NPM_CI_LIMIT = Duration.ofMinutes(5);
    private static Path prepared;

    private NodePackage() {
    }

    /** The package's working copy with dependencies installed. */
    static synchronized Path prepare() {
        if (prepared == null) {
            Path work = Path.of("target", "js-client").toAbsolutePath();
            requireNode(work);
            copyCommittedFiles(source(), work);
            long started = System.nanoTime();
            Run install = run(work, List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), NPM_CI_LIMIT);
            if (install.exitCode() != 0) {
                fail("npm ci failed in %s (exit %d); is the npm registry reachable?%n%s", work, install.exitCode(),
                        install.stderrTail());
            }
            LOG.info("MEASURE npm ci for the browser client took {} ms", (System.nanoTime() - started) / 1_000_000);
            prepared = work;
        }
        return prepared;
    }

    /** playwright-core and the tests' syntax need node 20 or later. */
    private static void requireNode(Path dir) {
        Path current = Path.of("").toAbsolutePath();
        Run version = run(current, List.of("node", "--version"), Duration.ofSeconds(60));
        String printed = version.stdout().isEmpty() ? "" : version.stdout().getFirst().strip();
        int major = printed.matches("v\\d+\\..*") ? Integer.parseInt(printed.substring(1, printed.indexOf('.'))) : 0;
        if (version.exitCode() != 0 || major < MIN_NODE) {
            fail("the browser client's tests need node >= %d on the PATH, found '%s' (%s)", MIN_NODE, printed, dir);
        }
    }

    /** Runs {@code command} in {@code dir}; fails the test if it outlives {@code limit}. */
    static Run run(Path dir, List<String> command, Duration limit) {
        try {
            Path stdout = Files.createTempFile("node", ".out");
            Path stderr = Files.createTempFile("node", ".err");
            Process process;
            try {
                process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            } catch (IOException e) {
                return fail("cannot run %s (node and npm must be on the PATH; ./hark test installs them): %s",
                        command.getFirst(), e.getMessage());
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return fail("%s did not finish within %s; stdout:%n%s%nstderr:%n%s", String.join(" ", command), limit,
                        Files.readString(stdout), tail(Files.readAllLines(stderr)));
            }
            Run result = new Run(process.exitValue(), Files.readAllLines(stdout), Files.readAllLines(stderr));
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running %s", command);
        }
    }

    private static Path source() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SOURCE);
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(SOURCE + " not found at or above " + Path.of("").toAbsolutePath());
    }

    private static void copyCommittedFiles(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(file);
                if (relative.startsWith("node_modules")) {
                    continue;
                }
                Path target = to.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** How a command ended and what it printed. */
    record Run(int exitCode, List<String> stdout, List<String> stderr) {

        /** The last non-blank stdout line, parsed as JSON (the scripts' result). */
        JsonNode result() {
            List<String> lines = stdout.stream().filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty()) {
                return fail("no result on stdout; stderr:%n%s", stderrTail());
            }
            try {
                return JSON.readTree(lines.getLast());
            } catch (IOException e) {
                return fail("the last stdout line is not JSON: %s%nstderr:%n%s", lines.getLast(), stderrTail());
            }
        }

        String stdoutTail() {
            return tail(stdout);
        }

        String stderrTail() {
            return tail(stderr);
        }
    }
}
