package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.derivatives.LiquidationStream;
import io.regimeflow.connectors.exchange.derivatives.PerpetualLookup;
import io.regimeflow.connectors.exchange.derivatives.SpotPerpetual;
import io.regimeflow.connectors.exchange.derivatives.VenueApi;
import io.regimeflow.connectors.exchange.http.HostGate;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.model.Liquidation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.MetricGroup;

/**
 * A reader's splits of the derivatives venue: its funding splits and liquidation symbols wait for
 * the venue's list of perpetuals ({@link PerpetualLookup}); once it is known each funding split
 * gets its feed and each symbol its subscription on the reader's one liquidation websocket, and
 * one without a perpetual gets neither. Used from the reader's fetch thread only.
 */
final class DerivativesSplits implements AutoCloseable {

    private final ExchangeSourceSettings settings;
    private final HostGate gate;
    private final LongSupplier clock;
    private final MetricGroup metrics;
    private final Runnable wake;
    private LiquidationStream liquidations;
    /** The venue's perpetual of each symbol; asked for when the first split needs it. */
    private PerpetualLookup perpetuals;
    /** Funding splits and liquidation symbols waiting for their perpetual to be known. */
    private final List<ExchangeSplit> fundingWaiting = new ArrayList<>();
    /** Since when funding splits have waited for the venue's perpetuals (wall ms); 0: none. */
    private long fundingWaitingSince;
    private boolean fundingWaitingIdle;
    private final List<String> liquidationsWaiting = new ArrayList<>();

    /** @param wake called when liquidations arrive, to end the fetch thread's wait */
    DerivativesSplits(ExchangeSourceSettings settings, HostGate gate, LongSupplier clock,
            MetricGroup metrics, Runnable wake) {
        this.settings = settings;
        this.gate = gate;
        this.clock = clock;
        this.metrics = metrics;
        this.wake = wake;
    }

    /**
     * A funding split: its history is part of event time (see FundingFeed), so it holds from the
     * start, while the venue's perpetuals are looked up too ({@link #waitForPerpetuals}).
     */
    void addFunding(ExchangeSplit split, long now) {
        perpetualsNeeded();
        fundingWaiting.add(split);
        if (fundingWaitingSince == 0) {
            fundingWaitingSince = now;
        }
    }

    /** A liquidation split: subscribed once its symbol's perpetual is known. */
    void addLiquidations(ExchangeSplit split) {
        perpetualsNeeded();
        liquidationsWaiting.add(split.symbol());
    }

    /** The wall time until which a fetch may wait for a feed due at {@code dueAt}. */
    long waitUntil(long dueAt, long now) {
        return perpetuals == null || perpetuals.result() != null ? dueAt
                : Math.min(dueAt, perpetuals.readyAt(now));
    }

    /**
     * Funding splits waiting for the venue's perpetuals hold event time as their feeds will, but
     * not for longer than a venue without an answer may (source.idleness, as FundingFeed): then
     * they go idle, and their first records make them active again. True when something was
     * emitted.
     */
    boolean waitForPerpetuals(long now, Map<String, Collection<FeedElement>> out) {
        if (fundingWaiting.isEmpty() || fundingWaitingIdle
                || now - fundingWaitingSince < settings.quietAfter().toMillis()) {
            return false;
        }
        fundingWaitingIdle = true;
        for (ExchangeSplit split : fundingWaiting) {
            out.put(split.splitId(), List.of(FeedElement.idleness()));
        }
        return true;
    }

    /**
     * Asks the venue for its perpetuals while funding or liquidation splits wait for them; once
     * known, each waiting funding split gets its feed (put in {@code feeds}) and each symbol its
     * subscription, and one without a perpetual gets neither (a bounded run ends its funding
     * split; a live one leaves it idle). True when something was emitted.
     */
    boolean lookUpPerpetuals(long now, Map<String, Collection<FeedElement>> out,
            Set<String> finished, Map<String, Feed> feeds) throws IOException {
        if (perpetuals == null || fundingWaiting.isEmpty() && liquidationsWaiting.isEmpty()) {
            return false;
        }
        try {
            if (!perpetuals.poll(now)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking for the venue's perpetuals", e);
        }
        VenueApi api = settings.venue().api();
        for (ExchangeSplit split : fundingWaiting) {
            SpotPerpetual p = perpetuals.of(split.symbol());
            MetricGroup g = metrics.addGroup("split", split.splitId());
            if (p != null) {
                feeds.put(split.splitId(), new FundingFeed(split, gate, api, p,
                        settings, g, now));
                continue;
            }
            // Counted, for the run's summary: the venue has nothing for it to read.
            g.counter("notListed").inc();
            if (settings.bounded()) {
                // Ends in event time too, as a finished feed does (see the reader's fetch).
                out.put(split.splitId(), List.of(FeedElement.watermark(Long.MAX_VALUE)));
                finished.add(split.splitId());
            } else {
                // No perpetual, nothing to read: it must hold nobody back.
                out.put(split.splitId(), List.of(FeedElement.idleness()));
            }
        }
        fundingWaiting.clear();
        fundingWaitingSince = 0;
        fundingWaitingIdle = false;
        for (String symbol : liquidationsWaiting) {
            SpotPerpetual p = perpetuals.of(symbol);
            // Never a subscription that cannot carry data: no perpetual, or sizes unknown.
            if (p != null && p.contractSize() != null) {
                if (liquidations == null) {
                    liquidations = new LiquidationStream(api, settings.derivativesWebsocketUrl(),
                            wake, clock, LiquidationStream.PROBE_AFTER_MS, metrics);
                }
                liquidations.add(p);
            }
        }
        liquidationsWaiting.clear();
        return !out.isEmpty();
    }

    /** Hands the liquidations received so far to their splits. */
    void drainLiquidations(Map<String, Collection<FeedElement>> out) {
        if (liquidations == null) {
            return;
        }
        for (Liquidation l = liquidations.poll(); l != null; l = liquidations.poll()) {
            out.computeIfAbsent(ExchangeStream.LIQUIDATIONS.id() + "-" + l.symbol(),
                    k -> new ArrayList<>()).add(FeedElement.of(l));
        }
    }

    private void perpetualsNeeded() {
        if (perpetuals == null) {
            perpetuals = new PerpetualLookup(settings.venue().api(), gate,
                    settings.derivativesRestUrl(), settings.symbols());
        }
    }

    @Override
    public void close() {
        if (liquidations != null) {
            liquidations.close();
        }
    }
}
