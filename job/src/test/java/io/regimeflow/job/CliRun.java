package io.regimeflow.job;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The command line run in-process from a working folder, with what it printed kept. */
final class CliRun {
    private final Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    CliRun(Path dir) {
        this.dir = dir;
    }

    /**
     * The environment of every run: only the dashboard on a free port (the default port may be
     * held by the developer's own regimeflow or another test). A test's flags still override it.
     */
    static final Map<String, String> ENV = Map.of("REGIMEFLOW_DASHBOARD_PORT", "0");

    /** Runs with {@link #ENV} as the environment; returns the exit status. */
    int run(String... args) {
        return RegimeflowCli.run(args, ENV, dir,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
