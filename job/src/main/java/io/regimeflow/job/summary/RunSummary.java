package io.regimeflow.job.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end-of-run summary of a bounded run from the exchange: per symbol, the 1m candles emitted,
 * the minutes missing (not emitted: the exchange did not have them after every repair, or left
 * them out as irregular rows, or refused the symbol), the irregular and duplicate rows it sent,
 * the funding settlements, the streams it refused, and the records dropped as late (a bounded
 * run should have none). Pure text: lines without a trailing newline.
 */
public final class RunSummary {
    private static final long MINUTE = 60_000L;

    private RunSummary() {}

    /**
     * @param symbols the configured symbols, in their order
     * @param startMs the first minute asked for (epoch ms)
     * @param endMs the exclusive end (epoch ms)
     * @param figures what each symbol's streams did; a symbol absent emitted nothing
     * @param restarted whether a task ran again after a failure (counts may include re-reads)
     */
    public static List<String> lines(List<String> symbols, long startMs, long endMs,
            Map<String, SymbolFigures> figures, boolean restarted) {
        long expected = Math.max(0, (endMs - startMs) / MINUTE);
        List<String> out = new ArrayList<>();
        out.add("regimeflow: from the exchange, " + Instant.ofEpochMilli(startMs) + " to "
                + Instant.ofEpochMilli(endMs) + " (" + expected + " minutes per symbol):");
        String format = "  %-12s %10s %8s %10s %11s %8s %6s  %s";
        out.add(String.format(format, "symbol", "1m candles", "missing", "irregular",
                "duplicates", "funding", "late", "refused"));
        long late = 0;
        List<String> notes = new ArrayList<>();
        for (String symbol : symbols) {
            SymbolFigures f = figures.getOrDefault(symbol, new SymbolFigures());
            long missing = Math.max(0, expected - f.candles());
            late += f.lateRecords();
            out.add(String.format(format, symbol, f.candles(), missing, f.irregularRows(),
                    f.duplicateRows(), f.settlements(), f.lateRecords(),
                    f.refused().isEmpty() ? "-" : String.join(",", f.refused())));
            if (!f.refused().isEmpty()) {
                notes.add("regimeflow: " + symbol + ": the exchange refused its "
                        + String.join(" and ", f.refused()) + " (the log's ERROR line says why)");
            } else if (missing > 0) {
                notes.add("regimeflow: " + symbol + ": " + missing + " of " + expected
                        + " minutes are not at the exchange; the candles that would hold them"
                        + " are written with complete=false");
            }
        }
        out.addAll(notes);
        if (late > 0) {
            out.add("regimeflow: " + late + " records arrived after the watermark and were left"
                    + " out; a run of history should have none: please report it with the log");
        }
        if (restarted) {
            out.add("regimeflow: the job restarted from a checkpoint during the run; the counts"
                    + " above include what was read again after the restart");
        }
        return out;
    }
}
