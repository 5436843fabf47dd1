package io.regimeflow.bench;

import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.functions.AnalysisSettings;
import io.regimeflow.functions.correlation.CorrelationSummary;
import io.regimeflow.functions.correlation.PairCorrelationCalculator;
import io.regimeflow.functions.correlation.PairState;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.PairCorrelation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline for the whole job: simulate, validate, build the candles, run the five analyses
 * with the same calculators, assemble the hourly snapshots and raise the events, in one plain
 * single-threaded loop that walks the market minute by minute, all symbols together. Each
 * symbol's own work is its {@link SymbolRun}; this drives the minutes and hours, correlates the
 * pairs and counts what comes out.
 */
final class PlainAnalysisLoop {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;

    long events;
    long outputs;
    long candleChecksum;
    long checksum;
    long snapshots;
    long marketEvents;

    private final AnalysisSettings settings;
    private final SymbolRun.Calculators calculators;
    private final PairCorrelationCalculator correlation;
    private final Map<String, SymbolRun> runs = new LinkedHashMap<>();
    private final Map<String, PairState> pairs = new LinkedHashMap<>();

    PlainAnalysisLoop(AnalysisSettings settings) {
        this.settings = settings;
        this.calculators = SymbolRun.Calculators.of(settings);
        this.correlation = new PairCorrelationCalculator(settings.correlation());
    }

    void run(SimulatorSettings s) {
        List<String> symbols = s.symbols();
        for (String symbol : symbols) {
            runs.put(symbol, new SymbolRun(s, symbol, settings, calculators, this::event));
        }
        for (int i = 0; i < symbols.size(); i++) {
            for (int j = i + 1; j < symbols.size(); j++) {
                pairs.put(PairCorrelationCalculator.pairKey(symbols.get(i), symbols.get(j)),
                        PairState.empty(settings.correlation()));
            }
        }
        for (long t = s.startMs(); t < s.endMs(); t += MINUTE) {
            long minuteEnd = t + MINUTE;
            for (SymbolRun run : runs.values()) {
                run.sim.emitNextMinute(d -> {
                    events++;
                    run.onRecord(d);
                });
            }
            for (SymbolRun run : runs.values()) {
                run.evaluateCascade(minuteEnd);
            }
            if (minuteEnd % HOUR == 0) {
                closeHour(minuteEnd - 1, false);
            }
        }
        closeHour(s.endMs() - 1, true);
    }

    /**
     * Closes the hour ending at {@code end} (ms, inclusive) for every symbol, correlates the
     * pairs on its returns, then takes the snapshots of the symbols whose hour closed.
     */
    private void closeHour(long end, boolean last) {
        Map<String, Double> returnsThisHour = new HashMap<>();
        Map<String, Boolean> hourClosed = new HashMap<>();
        for (SymbolRun run : runs.values()) {
            SymbolRun.HourClose closed = run.closeHour(end, last);
            for (BuiltCandle c : closed.candles()) {
                outputs++;
                candleChecksum += CandleDigest.of(c);
            }
            if (closed.logReturn() != null) {
                returnsThisHour.put(run.symbol, closed.logReturn());
            }
            hourClosed.put(run.symbol, closed.closed());
        }
        correlate(end, returnsThisHour);
        for (SymbolRun run : runs.values()) {
            if (hourClosed.get(run.symbol)) {
                FeatureSnapshot s = run.snapshot(end);
                snapshots++;
                checksum += OutputDigest.of(s);
            }
        }
    }

    private void correlate(long end, Map<String, Double> returnsThisHour) {
        List<PairCorrelation> aligned = new ArrayList<>();
        for (Map.Entry<String, PairState> e : pairs.entrySet()) {
            String[] ab = e.getKey().split("~");
            Double ra = returnsThisHour.get(ab[0]);
            Double rb = returnsThisHour.get(ab[1]);
            if (ra == null || rb == null) {
                continue;
            }
            PairCorrelationCalculator.Result r = correlation.onAligned(e.getValue(), ab[0], ab[1],
                    end, ra, rb);
            aligned.add(r.correlation());
            checksum += OutputDigest.of(HourlyPairCorrelation.of(end, r.correlation()));
            if (r.enteredBreak()) {
                event(MarketEvents.correlationBreak(r.correlation(), end, r.shortHours(),
                        r.longHours()));
            }
        }
        if (aligned.isEmpty()) {
            return;
        }
        aligned.sort(Comparator.comparing(PairCorrelation::pair));
        Map<String, CorrelationFeatures> bySymbol = CorrelationSummary.of(end,
                settings.symbols(), aligned, settings.correlation().snapshotPairs());
        bySymbol.forEach((symbol, f) -> runs.get(symbol).part(end, FeaturePart.of(symbol, f)));
    }

    /** The analysis state the job would hold, serialized as Flink does, per symbol. */
    long stateBytesPerSymbol() throws IOException {
        long bytes = 0;
        for (SymbolRun run : runs.values()) {
            bytes += run.stateBytes();
        }
        for (PairState p : pairs.values()) {
            bytes += StateSize.of(p);
        }
        return bytes / Math.max(1, runs.size());
    }

    private void event(MarketEvent e) {
        marketEvents++;
        checksum += OutputDigest.of(e);
    }
}
