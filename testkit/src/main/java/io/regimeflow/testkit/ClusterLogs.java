package io.regimeflow.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a {@link StandaloneFlinkCluster}'s processes write, one folder: each process's log4j
 * log ({@code <name>.log}) and captured standard output and error ({@code <name>.out}), and each
 * CLI run's output; read back for failure messages.
 */
final class ClusterLogs {

    private final Path dir;

    ClusterLogs(Path home) throws IOException {
        this.dir = Files.createDirectories(home.resolve("log"));
    }

    /** The log4j log of process {@code name}. */
    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** The captured standard output and error of process {@code name}. */
    Path output(String name) {
        return dir.resolve(name + ".out");
    }

    /** A new file for one CLI run's output. */
    Path newCliOutput() throws IOException {
        return Files.createTempFile(dir, "cli-", ".out");
    }

    /**
     * The last {@code lines} lines of every file, each after a {@code ==> name <==} line; a note
     * instead of those that could not be read.
     */
    String tails(int lines) {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                sb.append("==> ").append(f.getFileName()).append(" <==\n");
                all.subList(Math.max(0, all.size() - lines), all.size())
                        .forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
        }
        return sb.toString();
    }
}
