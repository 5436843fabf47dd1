package io.regimeflow.bench;

import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.connectors.simulator.SymbolSimulator;
import io.regimeflow.functions.AnalysisSettings;
import io.regimeflow.functions.candles.CandleAccumulator;
import io.regimeflow.functions.cascade.CascadeCalculator;
import io.regimeflow.functions.cascade.CascadeState;
import io.regimeflow.functions.cascade.MinuteBucket;
import io.regimeflow.functions.cascade.OrderBookLevels;
import io.regimeflow.functions.correlation.CorrelationSummary;
import io.regimeflow.functions.correlation.PairCorrelationCalculator;
import io.regimeflow.functions.correlation.PairState;
import io.regimeflow.functions.events.MarketEvents;
import io.regimeflow.functions.funding.FundingAnomalyCalculator;
import io.regimeflow.functions.funding.FundingState;
import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.functions.trend.TrendRegimeCalculator;
import io.regimeflow.functions.trend.TrendState;
import io.regimeflow.functions.volatility.VolatilityRegimeCalculator;
import io.regimeflow.functions.volatility.VolatilityState;
import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketDataValidator;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.PairCorrelation;
import io.regimeflow.model.Timeframe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The baseline for the whole job: simulate, validate, build the candles, run the five analyses
 * with the same calculators, assemble the hourly snapshots and raise the events, in one plain
 * single-threaded loop that walks the market minute by minute, all symbols together.
 */
final class PlainAnalysisLoop {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final Timeframe[] TIMEFRAMES = Timeframe.values();

    long events;
    long outputs;
    long candleChecksum;
    long checksum;
    long snapshots;
    long marketEvents;

    private final AnalysisSettings settings;
    private final VolatilityRegimeCalculator volatility;
    private final FundingAnomalyCalculator funding;
    private final TrendRegimeCalculator trend;
    private final CascadeCalculator cascade;
    private final PairCorrelationCalculator correlation;
    private final Map<String, SymbolRun> runs = new LinkedHashMap<>();
    private final Map<String, PairState> pairs = new LinkedHashMap<>();
    /** Hourly returns of the hour being closed, by symbol. */
    private final Map<String, Double> returnsThisHour = new HashMap<>();

    /** An order book's levels, waiting for the end of the minute it belongs to. */
    record PendingBook(long time, OrderBookLevels.Levels levels) {}

    /** Everything one symbol carries. */
    final class SymbolRun {
        final String symbol;
        final SymbolSimulator sim;
        final CandleAccumulator[] open = new CandleAccumulator[TIMEFRAMES.length];
        final long[] windowStart = new long[TIMEFRAMES.length];
        final VolatilityState vol = VolatilityState.empty(settings.volatility());
        final FundingState fund = FundingState.empty(settings.funding());
        final TrendState trendState = TrendState.empty(settings.trend());
        final CascadeState cascadeState = new CascadeState();
        final Map<Long, MinuteBucket> buckets = new HashMap<>();
        final List<PendingBook> books = new ArrayList<>();
        final List<Object[]> pendingParts = new ArrayList<>(); // {time, FeaturePart}
        final List<BuiltCandle> closedThisHour = new ArrayList<>();
        FeatureSnapshot latest;
        Double lastClose;

        SymbolRun(SimulatorSettings s, String symbol) {
            this.symbol = symbol;
            this.sim = new SymbolSimulator(s, symbol, SymbolSimulator.initialCursor(s, symbol));
            this.latest = new FeatureSnapshot(0, symbol, null, null, null, null, null);
        }
    }

    PlainAnalysisLoop(AnalysisSettings settings) {
        this.settings = settings;
        this.volatility = new VolatilityRegimeCalculator(settings.volatility());
        this.funding = new FundingAnomalyCalculator(settings.funding());
        this.trend = new TrendRegimeCalculator(settings.trend());
        this.cascade = new CascadeCalculator(settings.cascade());
        this.correlation = new PairCorrelationCalculator(settings.correlation());
    }

    void run(SimulatorSettings s) {
        List<String> symbols = s.symbols();
        for (String symbol : symbols) {
            runs.put(symbol, new SymbolRun(s, symbol));
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
                run.sim.emitNextMinute(d -> onRecord(run, d));
            }
            for (SymbolRun run : runs.values()) {
                evaluateCascade(run, minuteEnd);
            }
            if (minuteEnd % HOUR == 0) {
                closeHour(minuteEnd - 1, false);
            }
        }
        closeHour(s.endMs() - 1, true);
    }

    private void onRecord(SymbolRun run, MarketData data) {
        events++;
        if (MarketDataValidator.problem(data) != null) {
            return;
        }
        if (data instanceof Candle c) {
            addMinute(run, c);
        } else if (data instanceof OrderBook b) {
            run.books.add(new PendingBook(b.time(), OrderBookLevels.of(b,
                    settings.cascade().bookBin())));
        } else if (data instanceof FundingSettlement f) {
            FundingAnomalyCalculator.Result r = funding.onSettlement(run.fund, f.fundingTime(),
                    f.venue(), f.fundingRate().doubleValue(), f.intervalHours());
            part(run, f.fundingTime(), FeaturePart.of(run.symbol, r.features()));
            if (r.becameAnomalous()) {
                event(MarketEvents.fundingAnomaly(run.symbol, r.features(),
                        settings.funding().spans(r.historyHours())));
            }
            if (r.reversedAfter() >= 3) {
                event(MarketEvents.fundingReversal(run.symbol, r.features(), r.reversedAfter()));
            }
        } else {
            Liquidation l = (Liquidation) data;
            CascadeCalculator.add(run.buckets.computeIfAbsent(CascadeCalculator.minuteOf(l.time()),
                    m -> new MinuteBucket()), l.venue(), l.liquidatedPosition(),
                    l.notionalUsd().doubleValue());
        }
    }

    private void addMinute(SymbolRun run, Candle c) {
        long start = Timeframe.H1.windowStart(c.openTime());
        if (run.open[0] == null) {
            run.open[0] = new CandleAccumulator();
            run.windowStart[0] = start;
        }
        run.open[0].add(c);
    }

    private void evaluateCascade(SymbolRun run, long windowEnd) {
        CascadeState st = run.cascadeState;
        run.books.removeIf(b -> {
            if (b.time() <= windowEnd - 1) {
                cascade.onBook(st, b.time(), b.levels());
                return true;
            }
            return false;
        });
        boolean nonEmpty = cascade.hasLiquidations(windowEnd, run.buckets::get);
        if (nonEmpty || st.lastWindowNonEmpty) {
            CascadeCalculator.Result r = cascade.evaluate(st, windowEnd, run.buckets::get);
            part(run, windowEnd - 1, FeaturePart.of(run.symbol, r.features()));
            if (r.alert()) {
                event(MarketEvents.cascade(run.symbol, r.features(),
                        settings.cascade().windowMinutes(), r.priceDecimals(), r.venues()));
            }
        }
        run.buckets.remove(cascade.firstMinute(windowEnd));
    }

    /** Closes the hour ending at {@code end}: candles, volatility, trend, correlation,
            snapshots. */
    private void closeHour(long end, boolean last) {
        returnsThisHour.clear();
        Map<String, Boolean> hourClosed = new HashMap<>();
        for (SymbolRun run : runs.values()) {
            run.closedThisHour.clear();
            if (run.open[0] != null && run.windowStart[0] + HOUR - 1 == end) {
                close(run, 0, last);
            } else if (last) {
                for (int level = 0; level < TIMEFRAMES.length; level++) {
                    if (run.open[level] != null) {
                        close(run, level, true);
                    }
                }
            }
            run.closedThisHour.sort(Comparator.comparingLong(BuiltCandle::closeTime)
                    .thenComparing(BuiltCandle::interval));
            boolean closed = false;
            for (BuiltCandle c : run.closedThisHour) {
                trend.onCandle(run.trendState, c.interval(), c.openTime(),
                        c.close().doubleValue(), c.quoteVolume().doubleValue());
                if (c.interval() == Timeframe.H1) {
                    closed = c.closeTime() == end;
                    hourly(run, c);
                }
            }
            if (closed) {
                TrendRegimeCalculator.Combined combined = trend.combine(run.trendState, end);
                part(run, end, FeaturePart.of(run.symbol, combined.features()));
                if (combined.confirmed()) {
                    event(MarketEvents.regimeConfirmed(run.symbol, combined.features()));
                }
            }
            hourClosed.put(run.symbol, closed);
        }
        correlate(end);
        for (SymbolRun run : runs.values()) {
            if (hourClosed.get(run.symbol)) {
                snapshot(run, end);
            }
        }
    }

    private void hourly(SymbolRun run, BuiltCandle c) {
        double close = c.close().doubleValue();
        VolatilityRegimeCalculator.Result v = volatility.onHourClose(run.vol, c.closeTime(),
                close);
        part(run, c.closeTime(), FeaturePart.of(run.symbol, v.features()));
        if (v.changed()) {
            event(MarketEvents.volatilityChange(run.symbol, v.features(), v.changedFrom(),
                    v.changedTo(), v.baselineHours()));
        }
        if (run.lastClose != null) {
            returnsThisHour.put(run.symbol, Math.log(close / run.lastClose));
        }
        run.lastClose = close;
    }

    private void correlate(long end) {
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
                settings.symbols(), aligned);
        bySymbol.forEach((symbol, f) -> part(runs.get(symbol), end, FeaturePart.of(symbol, f)));
    }

    private void snapshot(SymbolRun run, long end) {
        TreeMap<Long, List<FeaturePart>> due = new TreeMap<>();
        run.pendingParts.removeIf(p -> {
            long time = (Long) p[0];
            if (time <= end) {
                due.computeIfAbsent(time, k -> new ArrayList<>()).add((FeaturePart) p[1]);
                return true;
            }
            return false;
        });
        FeatureSnapshot s = run.latest;
        for (List<FeaturePart> parts : due.values()) {
            for (FeaturePart p : parts) {
                s = p.applyTo(s);
            }
        }
        s = new FeatureSnapshot(end + 1, run.symbol, s.cascades(), s.funding(), s.volatility(),
                s.regimes(), s.correlations());
        run.latest = s;
        snapshots++;
        checksum += OutputDigest.of(s);
    }

    /** Emits the window at {@code level} and folds it into the next longer one. */
    private void close(SymbolRun run, int level, boolean last) {
        BuiltCandle built = run.open[level].toBuiltCandle(run.symbol, TIMEFRAMES[level],
                run.windowStart[level]);
        run.open[level] = null;
        outputs++;
        run.closedThisHour.add(built);
        candleChecksum += CandleDigest.of(built);
        int next = level + 1;
        if (next == TIMEFRAMES.length) {
            return;
        }
        long start = TIMEFRAMES[next].windowStart(built.openTime());
        if (run.open[next] != null && start != run.windowStart[next]) {
            close(run, next, last);
        }
        if (run.open[next] == null) {
            run.open[next] = new CandleAccumulator();
            run.windowStart[next] = start;
        }
        run.open[next].add(built);
        // A longer window ends with this one: close it now, as its event-time window would.
        if (built.closeTime() == run.windowStart[next] + TIMEFRAMES[next].size().toMillis() - 1) {
            close(run, next, last);
        }
    }

    /** The analysis state the job would hold, serialized as Flink does, per symbol. */
    long stateBytesPerSymbol() throws IOException {
        long bytes = 0;
        for (SymbolRun run : runs.values()) {
            bytes += StateSize.of(run.vol) + StateSize.of(run.fund) + StateSize.of(run.trendState)
                    + StateSize.of(run.cascadeState);
            for (MinuteBucket b : run.buckets.values()) {
                bytes += StateSize.of(b) + 8;
            }
            bytes += StateSize.of(run.latest);
        }
        for (PairState p : pairs.values()) {
            bytes += StateSize.of(p);
        }
        return bytes / Math.max(1, runs.size());
    }

    private void part(SymbolRun run, long time, FeaturePart part) {
        run.pendingParts.add(new Object[] {time, part});
    }

    private void event(MarketEvent e) {
        marketEvents++;
        checksum += OutputDigest.of(e);
    }
}
