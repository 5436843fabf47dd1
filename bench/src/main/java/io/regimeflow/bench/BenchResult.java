package io.regimeflow.bench;

/**
 * One measured run, passed from a child JVM to the parent as one line of text.
 *
 * @param events input market records processed
 * @param outputs built candles produced
 * @param checksum an order-independent digest of the built candles
 */
record BenchResult(String mode, long events, double seconds, long peakHeapBytes, long outputs,
        long checksum) {

    static final String PREFIX = "BENCH-RESULT ";

    double eventsPerSecond() {
        return events / seconds;
    }

    String toLine() {
        return PREFIX + mode + " " + events + " " + seconds + " " + peakHeapBytes + " " + outputs
                + " " + checksum;
    }

    static BenchResult parse(String line) {
        String[] f = line.substring(PREFIX.length()).trim().split(" ");
        return new BenchResult(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]));
    }
}
