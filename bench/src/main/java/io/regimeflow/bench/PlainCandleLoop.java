package io.regimeflow.bench;

import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.connectors.simulator.SymbolSimulator;
import io.regimeflow.functions.candles.CandleAccumulator;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketDataValidator;
import io.regimeflow.model.Timeframe;
import java.util.function.Consumer;

/**
 * The baseline: the same work as the job (simulate, validate, build 1h/4h/1d/1w candles the same
 * cascaded way) in one plain single-threaded loop, with no Flink at all.
 */
final class PlainCandleLoop {

    private static final Timeframe[] TIMEFRAMES = Timeframe.values();

    long events;
    long outputs;
    long checksum;

    void run(SimulatorSettings settings) {
        for (String symbol : settings.symbols()) {
            runSymbol(settings, symbol);
        }
    }

    private void runSymbol(SimulatorSettings settings, String symbol) {
        SymbolSimulator sim = new SymbolSimulator(settings, symbol,
                SymbolSimulator.initialCursor(settings, symbol));
        CandleAccumulator[] open = new CandleAccumulator[TIMEFRAMES.length];
        long[] windowStart = new long[TIMEFRAMES.length];
        Consumer<MarketData> onRecord = data -> {
            events++;
            if (MarketDataValidator.problem(data) != null || !(data instanceof Candle c)) {
                return;
            }
            long start = Timeframe.H1.windowStart(c.openTime());
            if (open[0] != null && start != windowStart[0]) {
                close(symbol, open, windowStart, 0);
            }
            if (open[0] == null) {
                open[0] = new CandleAccumulator();
                windowStart[0] = start;
            }
            open[0].add(c);
        };
        while (!sim.finished()) {
            sim.emitNextMinute(onRecord);
        }
        if (open[0] != null) {
            close(symbol, open, windowStart, 0);
        }
        for (int level = 1; level < TIMEFRAMES.length; level++) {
            if (open[level] != null) {
                close(symbol, open, windowStart, level);
            }
        }
    }

    /** Emits the window at {@code level} and folds it into the next longer one. */
    private void close(String symbol, CandleAccumulator[] open, long[] windowStart, int level) {
        BuiltCandle built = open[level].toBuiltCandle(symbol, TIMEFRAMES[level],
                windowStart[level]);
        open[level] = null;
        outputs++;
        checksum += CandleDigest.of(built);
        int next = level + 1;
        if (next == TIMEFRAMES.length) {
            return;
        }
        long start = TIMEFRAMES[next].windowStart(built.openTime());
        if (open[next] != null && start != windowStart[next]) {
            close(symbol, open, windowStart, next);
        }
        if (open[next] == null) {
            open[next] = new CandleAccumulator();
            windowStart[next] = start;
        }
        open[next].add(built);
    }
}
