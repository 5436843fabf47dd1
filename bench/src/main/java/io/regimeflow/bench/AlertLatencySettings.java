package io.regimeflow.bench;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What an alert-latency run simulates: N symbols for H hours of market time, paced at a speed
 * (simulated time per wall-clock time), each symbol taking a planted one-hour crash or squeeze
 * every {@code max(2, phases)} hours. The simulator starts shocks on the hour, so the symbols are
 * spread over {@code phases} starting hours, and their intensities over 3 to 8 (a stronger one
 * crosses the severity thresholds sooner): fewer cascades close the same minute. A shock raises
 * a cascade from severity 3 to 5 within minutes (up to three alerts); the cascade state resets
 * after 30 quiet minutes, so every shock alerts afresh.
 *
 * @param phases starting hours the symbols' shocks are spread over: N / phases symbols start a
 *     shock in the same hour
 * @param speed simulated milliseconds per wall-clock millisecond (240: a minute every 250 ms)
 * @param jdbc whether the job also writes its SQLite database (as a default run does) and the
 *     webhook ledger records every attempt there
 * @param watermarkIntervalMs pipeline.auto-watermark-interval to set, or null for Flink's
 * @param bufferTimeoutMs execution.buffer-timeout to set, or null for Flink's
 */
record AlertLatencySettings(int symbols, double speed, int hours, int phases,
        int parallelism, long seed, boolean jdbc, Long watermarkIntervalMs,
        Long bufferTimeoutMs) {

    static final long HOUR_MS = 3_600_000;
    static final String USAGE = "expected [--symbols N] [--hours H] [--speed X]"
            + " [--phases K] [--parallelism P] [--seed S] [--jdbc sqlite|off]"
            + " [--watermark-interval MS] [--buffer-timeout MS]";

    static AlertLatencySettings parse(String[] args) {
        int symbols = 120;
        double speed = 240;
        int hours = 12;
        int phases = 2;
        int parallelism = 2;
        long seed = 42;
        boolean jdbc = true;
        Long watermarkInterval = null;
        Long bufferTimeout = null;
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException(USAGE);
        }
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--symbols" -> symbols = Integer.parseInt(v);
                case "--speed" -> speed = Double.parseDouble(v);
                case "--hours" -> hours = Integer.parseInt(v);
                case "--phases" -> phases = Integer.parseInt(v);
                case "--parallelism" -> parallelism = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--jdbc" -> jdbc = switch (v) {
                    case "sqlite" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--jdbc is sqlite or off");
                };
                case "--watermark-interval" -> watermarkInterval = Long.parseLong(v);
                case "--buffer-timeout" -> bufferTimeout = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown flag " + args[i] + "; "
                        + USAGE);
            }
        }
        if (hours < 2 || symbols < 1 || !(speed > 0) || phases < 1) {
            throw new IllegalArgumentException("--hours at least 2, --symbols and --phases at "
                    + "least 1, --speed above 0");
        }
        return new AlertLatencySettings(symbols, speed, hours, phases, parallelism, seed, jdbc,
                watermarkInterval, bufferTimeout);
    }

    /** BTC/USDT, ETH/USDT, SOL/USDT, then synthetic ones, as the throughput bench has them. */
    List<String> universe() {
        return new BenchSettings(symbols, 1, parallelism, seed, "hashmap", 0, 0).universe();
    }

    /** Wall-clock seconds the paced market takes. */
    double wallSeconds() {
        return hours * HOUR_MS / speed / 1000;
    }

    /**
     * The job's configuration (regimeflow.yaml) for a run from {@code startMs}: the simulator,
     * paced, with the planted shocks; one signed-JSON webhook target at {@code receiver}; the
     * SQLite database at {@code dbFile} or none; checkpoints (every 30 s, the default) into
     * {@code checkpoints}, since the state of 100 symbols is past what the JobManager's memory
     * takes; no dashboard. Everything else is the default.
     */
    String yaml(long startMs, String receiver, String dbFile, String checkpoints) {
        StringBuilder y = new StringBuilder();
        y.append("symbols: [").append(String.join(", ", universe())).append("]\n");
        y.append("source: {start: ").append(Instant.ofEpochMilli(startMs)).append(", end: ")
                .append(Instant.ofEpochMilli(startMs + hours * HOUR_MS)).append("}\n");
        y.append("simulator:\n  seed: ").append(seed).append("\n  replay-speed: ").append(speed)
                .append("\n  shocks-per-day: 0\n  drift: 0\n  planted-shocks:\n");
        List<String> universe = universe();
        long cycle = Math.max(2, phases) * HOUR_MS;
        for (int i = 0; i < universe.size(); i++) {
            // The first hour is calm: the JIT warms up on plain market data first.
            long first = startMs + HOUR_MS + (i % phases) * HOUR_MS;
            double intensity = 3 + (i * 7 % 10) * 5 / 9.0;
            for (long t = first; t + HOUR_MS <= startMs + hours * HOUR_MS; t += cycle) {
                y.append("    - {symbol: ").append(universe.get(i)).append(", start: ")
                        .append(Instant.ofEpochMilli(t)).append(", duration: 1h, intensity: ")
                        .append(String.format(Locale.ROOT, "%.2f", intensity))
                        .append(", direction: ").append(i % 2 == 0 ? "down" : "up")
                        .append("}\n");
            }
        }
        y.append("sinks:\n  jdbc:\n    enabled: ").append(jdbc).append("\n    url: \"jdbc:sqlite:")
                .append(dbFile).append("\"\n");
        y.append("  webhooks:\n    targets:\n      - {name: bench, kind: json, ")
                .append("secret: bench-secret, url: \"").append(receiver).append("\"}\n");
        y.append("checkpointing: {dir: \"").append(checkpoints).append("\"}\n");
        y.append("dashboard: {enabled: false}\njob: {parallelism: ").append(parallelism)
                .append("}\n");
        return y.toString();
    }
}
