package io.regimeflow.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-of-run summary's text, from figures given (the job-level tests gather real ones). */
class RunSummaryTest {

    static final long START = Instant.parse("2024-02-01T00:00:00Z").toEpochMilli();
    static final long END = START + 2 * 3_600_000L;

    static SymbolFigures figures(long candles, long late) {
        SymbolFigures f = new SymbolFigures();
        f.candles = candles;
        f.lateRecords = late;
        return f;
    }

    @Test
    void aSymbolWithNothingEmittedCountsEveryMinuteMissing() {
        assertThat(RunSummary.lines(List.of("ALGO/USDT", "NOPE/USDT"), START, END,
                Map.of("ALGO/USDT", figures(120, 0)), false)).containsExactly(
                "regimeflow: from the exchange, 2024-02-01T00:00:00Z to 2024-02-01T02:00:00Z "
                        + "(120 minutes per symbol):",
                "  symbol       1m candles  missing  irregular  duplicates  funding   late  "
                        + "refused",
                "  ALGO/USDT           120        0          0           0        0      0  -",
                "  NOPE/USDT             0      120          0           0        0      0  -",
                "regimeflow: NOPE/USDT: 120 of 120 minutes are not at the exchange; the candles "
                        + "that would hold them are written with complete=false");
    }

    @Test
    void lateRecordsAndARestartAreSaid() {
        List<String> lines = RunSummary.lines(List.of("ALGO/USDT"), START, END,
                Map.of("ALGO/USDT", figures(120, 7)), true);
        assertThat(lines).contains(
                "  ALGO/USDT           120        0          0           0        0      7  -",
                "regimeflow: 7 records arrived after the watermark and were left out; a run of "
                        + "history should have none: please report it with the log",
                "regimeflow: the job restarted from a checkpoint during the run; the counts "
                        + "above include what was read again after the restart");
    }
}
