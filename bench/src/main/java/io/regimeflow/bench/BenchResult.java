package io.regimeflow.bench;

/**
 * One measured run, passed from a child JVM to the parent as one line of text.
 *
 * @param events input market records processed
 * @param candles built candles produced
 * @param snapshots hourly snapshots produced
 * @param marketEvents events raised
 * @param checksum an order-independent digest of all of those outputs
 * @param stateBytesPerSymbol serialized analysis state per symbol at the end (loop only, else 0)
 */
record BenchResult(String mode, long events, double seconds, long peakHeapBytes, long candles,
        long snapshots, long marketEvents, long checksum, long stateBytesPerSymbol) {

    static final String PREFIX = "BENCH-RESULT ";

    double eventsPerSecond() {
        return events / seconds;
    }

    String toLine() {
        return PREFIX + mode + " " + events + " " + seconds + " " + peakHeapBytes + " " + candles
                + " " + snapshots + " " + marketEvents + " " + checksum + " "
                + stateBytesPerSymbol;
    }

    static BenchResult parse(String line) {
        String[] f = line.substring(PREFIX.length()).trim().split(" ");
        return new BenchResult(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]));
    }

    boolean sameOutputs(BenchResult other) {
        return candles == other.candles && snapshots == other.snapshots
                && marketEvents == other.marketEvents && checksum == other.checksum;
    }
}
