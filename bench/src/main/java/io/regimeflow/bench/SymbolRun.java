package io.regimeflow.bench;

import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.connectors.simulator.SymbolSimulator;
import io.regimeflow.functions.AnalysisSettings;
import io.regimeflow.functions.cascade.CascadeCalculator;
import io.regimeflow.functions.cascade.CascadeState;
import io.regimeflow.functions.cascade.MinuteBucket;
import io.regimeflow.functions.cascade.OrderBookLevels;
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
import io.regimeflow.model.FeatureSnapshot;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketDataValidator;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.Timeframe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything one symbol carries through {@link PlainAnalysisLoop}: its simulator, its candles,
 * the state of its per-symbol analyses (volatility, funding, trend, cascade) and its snapshot in
 * the making; the events it raises go to the loop.
 */
final class SymbolRun {

    /** The per-symbol calculators; they hold no state, so all symbols share them. */
    record Calculators(VolatilityRegimeCalculator volatility, FundingAnomalyCalculator funding,
            TrendRegimeCalculator trend, CascadeCalculator cascade) {
        static Calculators of(AnalysisSettings settings) {
            return new Calculators(new VolatilityRegimeCalculator(settings.volatility()),
                    new FundingAnomalyCalculator(settings.funding()),
                    new TrendRegimeCalculator(settings.trend()),
                    new CascadeCalculator(settings.cascade()));
        }
    }

    /** An order book's levels, waiting for the end of the minute it belongs to. */
    private record PendingBook(long time, OrderBookLevels.Levels levels) {}

    final String symbol;
    final SymbolSimulator sim;
    private final AnalysisSettings settings;
    private final Calculators calc;
    private final Consumer<MarketEvent> events;
    private final CandleLadder candles;
    private final PendingSnapshot snapshot;
    private final VolatilityState vol;
    private final FundingState fund;
    private final TrendState trendState;
    private final CascadeState cascadeState = new CascadeState();
    private final Map<Long, MinuteBucket> buckets = new HashMap<>();
    private final List<PendingBook> books = new ArrayList<>();
    private Double lastClose;

    SymbolRun(SimulatorSettings s, String symbol, AnalysisSettings settings, Calculators calc,
            Consumer<MarketEvent> events) {
        this.symbol = symbol;
        this.sim = new SymbolSimulator(s, symbol, SymbolSimulator.initialCursor(s, symbol));
        this.settings = settings;
        this.calc = calc;
        this.events = events;
        this.candles = new CandleLadder(symbol);
        this.snapshot = new PendingSnapshot(symbol);
        this.vol = VolatilityState.empty(settings.volatility());
        this.fund = FundingState.empty(settings.funding());
        this.trendState = TrendState.empty(settings.trend());
    }

    /** Takes one simulated record; an invalid one is dropped, as the job's validator does. */
    void onRecord(MarketData data) {
        if (MarketDataValidator.problem(data) != null) {
            return;
        }
        if (data instanceof Candle c) {
            candles.addMinute(c);
        } else if (data instanceof OrderBook b) {
            books.add(new PendingBook(b.time(), OrderBookLevels.of(b,
                    settings.cascade().bookBin())));
        } else if (data instanceof FundingSettlement f) {
            FundingAnomalyCalculator.Result r = calc.funding().onSettlement(fund,
                    f.fundingTime(), f.venue(), f.fundingRate().doubleValue(), f.intervalHours());
            part(f.fundingTime(), FeaturePart.of(symbol, r.features()));
            if (r.becameAnomalous()) {
                events.accept(MarketEvents.fundingAnomaly(symbol, r.features(),
                        settings.funding().spans(r.historyHours())));
            }
            if (r.reversedAfter() >= 3) {
                events.accept(MarketEvents.fundingReversal(symbol, r.features(),
                        r.reversedAfter()));
            }
        } else {
            Liquidation l = (Liquidation) data;
            CascadeCalculator.add(buckets.computeIfAbsent(CascadeCalculator.minuteOf(l.time()),
                    m -> new MinuteBucket()), l.venue(), l.liquidatedPosition(),
                    l.notionalUsd().doubleValue());
        }
    }

    /** The cascade window ending at {@code windowEnd} (ms, exclusive), after its books. */
    void evaluateCascade(long windowEnd) {
        CascadeCalculator cascade = calc.cascade();
        books.removeIf(b -> {
            if (b.time() <= windowEnd - 1) {
                cascade.onBook(cascadeState, b.time(), b.levels());
                return true;
            }
            return false;
        });
        boolean nonEmpty = cascade.hasLiquidations(windowEnd, buckets::get);
        if (nonEmpty || cascadeState.lastWindowNonEmpty) {
            CascadeCalculator.Result r = cascade.evaluate(cascadeState, windowEnd, buckets::get);
            part(windowEnd - 1, FeaturePart.of(symbol, r.features()));
            if (r.alert()) {
                events.accept(MarketEvents.cascade(symbol, r.features(),
                        settings.cascade().windowMinutes(), r.priceDecimals(), r.venues()));
            }
        }
        buckets.remove(cascade.firstMinute(windowEnd));
    }

    /**
     * What closing an hour gave one symbol.
     *
     * @param candles the candles closed, by close time, then timeframe
     * @param closed whether the hour's own candle closed at its end
     * @param logReturn the hour's log return, null when there is no earlier close
     */
    record HourClose(List<BuiltCandle> candles, boolean closed, Double logReturn) {}

    /**
     * Closes the hour ending at {@code end} (ms, inclusive): its candles, then trend and
     * volatility on them, and the trend's combined regime when the hour's candle closed then.
     */
    HourClose closeHour(long end, boolean last) {
        List<BuiltCandle> closedNow = candles.closeHour(end, last);
        boolean closed = false;
        Double logReturn = null;
        for (BuiltCandle c : closedNow) {
            calc.trend().onCandle(trendState, c.interval(), c.openTime(),
                    c.close().doubleValue(), c.quoteVolume().doubleValue());
            if (c.interval() == Timeframe.H1) {
                closed = c.closeTime() == end;
                Double r = hourly(c);
                logReturn = r != null ? r : logReturn;
            }
        }
        if (closed) {
            TrendRegimeCalculator.Combined combined = calc.trend().combine(trendState, end);
            part(end, FeaturePart.of(symbol, combined.features()));
            if (combined.confirmed()) {
                events.accept(MarketEvents.regimeConfirmed(symbol, combined.features()));
            }
        }
        return new HourClose(closedNow, closed, logReturn);
    }

    /** Volatility at an hour's close; the hour's log return, null without an earlier close. */
    private Double hourly(BuiltCandle c) {
        double close = c.close().doubleValue();
        VolatilityRegimeCalculator.Result v = calc.volatility().onHourClose(vol, c.closeTime(),
                close);
        part(c.closeTime(), FeaturePart.of(symbol, v.features()));
        if (v.changed()) {
            events.accept(MarketEvents.volatilityChange(symbol, v.features(), v.changedFrom(),
                    v.changedTo(), v.baselineHours()));
        }
        Double logReturn = lastClose == null ? null : Math.log(close / lastClose);
        lastClose = close;
        return logReturn;
    }

    /** A feature part produced at {@code time} (ms), for the snapshot of its hour. */
    void part(long time, FeaturePart part) {
        snapshot.add(time, part);
    }

    /** The snapshot of the hour ending at {@code end}, with the parts due by then. */
    FeatureSnapshot snapshot(long end) {
        return snapshot.takeAt(end);
    }

    /** The analysis state the job would hold for this symbol, serialized as Flink does. */
    long stateBytes() throws IOException {
        long bytes = StateSize.of(vol) + StateSize.of(fund) + StateSize.of(trendState)
                + StateSize.of(cascadeState);
        for (MinuteBucket b : buckets.values()) {
            bytes += StateSize.of(b) + 8;
        }
        return bytes + StateSize.of(snapshot.latest());
    }
}
