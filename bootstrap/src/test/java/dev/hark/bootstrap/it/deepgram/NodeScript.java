package dev.hark.bootstrap.it.deepgram;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs node scripts from {@code bootstrap/src/test/js} in a copy under {@code target/}, after
 * {@code npm ci} installs the SDK versions its package-lock pins. Needs node and npm on the PATH
 * (the {@code hark} launcher installs them) and the npm registry or a warm cache; fails, never
 * skips, without them.
 */
final class NodeScript {

    private static final Duration NPM_CI_LIMIT = Duration.ofMinutes(5);

    /** What one script run printed. */
    record Run(int exitCode, List<String> stdout, List<String> stderr) {

        String lastStdoutLine() {
            List<String> lines = stdout.stream().filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty()) {
                fail("no output on stdout; stderr:%n%s", stderrTail());
            }
            return lines.getLast();
        }

        String stderrTail() {
            return String.join("\n", stderr.subList(Math.max(0, stderr.size() - 40), stderr.size()));
        }
    }

    private final Path workDir;

    private NodeScript(Path workDir) {
        this.workDir = workDir;
    }

    /** Copies the committed script files into {@code target/<name>} and runs {@code npm ci} there. */
    static NodeScript install(String name) throws IOException, InterruptedException {
        Path workDir = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(workDir);
        try (Stream<Path> files = Files.list(sources())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, workDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        NodeScript scripts = new NodeScript(workDir);
        Run install = scripts.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), NPM_CI_LIMIT);
        if (install.exitCode() != 0) {
            fail("npm ci failed in %s (exit %d); are node, npm and the npm registry there?%n%s", workDir,
                    install.exitCode(), install.stderrTail());
        }
        return scripts;
    }

    Run run(List<String> command, Duration limit) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("node", ".out");
        Path stderr = Files.createTempFile("node", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("%s did not finish within %s; stderr:%n%s", String.join(" ", command), limit,
                        String.join("\n", Files.readAllLines(stderr)));
            }
            return new Run(process.exitValue(), Files.readAllLines(stdout), Files.readAllLines(stderr));
        } catch (IOException e) {
            return fail("cannot run %s (is it installed?): %s", command.getFirst(), e.getMessage());
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static Path sources() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("src/test/js"), dir.resolve("bootstrap/src/test/js"))) {
                if (Files.isRegularFile(candidate.resolve("listen-check.mjs"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("src/test/js/listen-check.mjs not found above " + Path.of("").toAbsolutePath());
    }
}
