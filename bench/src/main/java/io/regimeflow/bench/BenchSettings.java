package io.regimeflow.bench;

import io.regimeflow.connectors.simulator.SimulatorSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark run pushes through: N symbols x D days of simulated market data, and how the
 * job keeps its state.
 *
 * @param stateBackend "hashmap" (objects on the heap, the default) or "rocksdb"
 * @param checkpointSeconds a checkpoint every this many seconds (incremental with RocksDB); 0:
 *     none
 * @param warmUpEvents input events of an untimed run first, in the same JVM, so that the timed
 *     run measures compiled code; 0: none. The JIT compiles the job's code on the cores the job
 *     runs on (the loop's on the core the loop leaves idle) and, with Flink's runtime, keeps
 *     compiling for millions of records: a 3-symbol run is over before it has settled.
 */
record BenchSettings(int symbols, int days, int parallelism, long seed, String stateBackend,
        int checkpointSeconds, long warmUpEvents) {

    /** The default warm-up: enough records for the job's JIT compilation to settle. */
    static final long WARM_UP_EVENTS = 5_000_000;

    static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    static BenchSettings parse(String[] args) {
        int symbols = 3;
        int days = 30;
        int parallelism = 2;
        long seed = 42;
        String backend = "hashmap";
        int checkpoints = 0;
        long warmUp = WARM_UP_EVENTS;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--symbols" -> symbols = Integer.parseInt(args[i + 1]);
                case "--days" -> days = Integer.parseInt(args[i + 1]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--state-backend" -> backend = args[i + 1];
                case "--checkpoint-interval" -> checkpoints = Integer.parseInt(args[i + 1]);
                case "--warm-up-events" -> warmUp = Long.parseLong(args[i + 1]);
                case "--mode" -> { }
                default -> throw new IllegalArgumentException("unknown bench flag " + args[i]
                        + "; expected --symbols N --days D [--parallelism P] [--seed S]"
                        + " [--state-backend hashmap|rocksdb] [--checkpoint-interval SECONDS]"
                        + " [--warm-up-events N]");
            }
        }
        if (!backend.equals("hashmap") && !backend.equals("rocksdb")) {
            throw new IllegalArgumentException("--state-backend is hashmap or rocksdb, not "
                    + backend);
        }
        return new BenchSettings(symbols, days, parallelism, seed, backend, checkpoints, warmUp);
    }

    /** The same market over {@code d} days, without checkpoints or warm-up. */
    BenchSettings withDays(int d) {
        return new BenchSettings(symbols, d, parallelism, seed, stateBackend, 0, 0);
    }

    /** The universe: the three default symbols, then synthetic ones (AAA/USDT, AAB/USDT...). */
    List<String> universe() {
        List<String> out = new ArrayList<>(List.of("BTC/USDT", "ETH/USDT", "SOL/USDT"));
        for (int i = 0; out.size() < symbols; i++) {
            out.add("" + (char) ('A' + i / 676) + (char) ('A' + i / 26 % 26)
                    + (char) ('A' + i % 26) + "/USDT");
        }
        return out.subList(0, symbols);
    }

    SimulatorSettings simulator() {
        // The job's defaults (a book every 5 minutes, rare gaps, 8h funding, some shocks), as
        // fast as the machine allows.
        return SimulatorSettings.builder(universe(), START)
                .seed(seed)
                .endMs(START + days * 86_400_000L)
                .speed(Double.POSITIVE_INFINITY)
                .build();
    }

    String[] toArgs(String mode) {
        return new String[] {"--mode", mode, "--symbols", "" + symbols, "--days", "" + days,
            "--parallelism", "" + parallelism, "--seed", "" + seed, "--state-backend",
            stateBackend, "--checkpoint-interval", "" + checkpointSeconds, "--warm-up-events",
            "" + warmUpEvents};
    }
}
