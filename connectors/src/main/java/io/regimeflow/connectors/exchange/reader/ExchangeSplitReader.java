package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.derivatives.LiquidationStream;
import io.regimeflow.connectors.exchange.derivatives.PerpetualLookup;
import io.regimeflow.connectors.exchange.derivatives.SpotPerpetual;
import io.regimeflow.connectors.exchange.derivatives.VenueApi;
import io.regimeflow.connectors.exchange.derivatives.VenuePerpetuals;
import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.http.ExchangeUnreachableException;
import io.regimeflow.connectors.exchange.http.HostGate;
import io.regimeflow.connectors.exchange.http.RetryPolicy;
import io.regimeflow.connectors.exchange.http.WeightBudget;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.model.Liquidation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.metrics.MetricGroup;

/**
 * The fetch side of a reader (as KafkaSource's split reader is): owns the feeds of its splits, one
 * gate per host (so the weight budget is shared by all of them), and the liquidation websocket.
 * Each {@link #fetch()} polls the feed that is due soonest, or waits for it; the records go to the
 * emitting thread, which moves the split cursors as it emits them.
 */
final class ExchangeSplitReader implements SplitReader<FeedElement, ExchangeSplit> {

    /** Longest wait in one fetch, so that the fetcher stays responsive to new splits. */
    private static final long MAX_WAIT_MS = 1_000;

    private final ExchangeSourceSettings settings;
    private final LongSupplier clock;
    private final MetricGroup metrics;
    private final HostGate spot;
    private final HostGate futures;
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final Map<String, KlineFeed> klinesBySymbol = new HashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, List<FeedElement>> announced = new HashMap<>();
    private LiquidationStream liquidations;
    /** The venue's perpetual of each symbol; asked for when the first split needs it. */
    private PerpetualLookup perpetuals;
    /** Funding splits and liquidation symbols waiting for their perpetual to be known. */
    private final List<ExchangeSplit> fundingWaiting = new ArrayList<>();
    /** Since when funding splits have waited for the venue's perpetuals (wall ms); 0: none. */
    private long fundingWaitingSince;
    private boolean fundingWaitingIdle;
    private final List<String> liquidationsWaiting = new ArrayList<>();
    private boolean restored;

    ExchangeSplitReader(ExchangeSourceSettings settings, int readers, LongSupplier clock,
            MetricGroup metrics) {
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        java.time.Duration timeout = java.time.Duration.ofMillis(settings.requestTimeoutMs());
        this.spot = new HostGate(new ExchangeHttp(settings.spotUrl(), timeout),
                settings.spotUrl().getHost(), new WeightBudget(settings.spotWeightLimit(),
                        settings.weightShare(), readers), RetryPolicy.defaults(), clock, metrics);
        this.futures = new HostGate(new ExchangeHttp(settings.futuresUrl(), timeout,
                settings.venue().api()),
                settings.futuresUrl().getHost() + (settings.futuresUrl().getHost()
                        .equals(settings.spotUrl().getHost()) ? "-futures" : ""),
                new WeightBudget(settings.futuresWeightLimit(), settings.weightShare(), readers),
                RetryPolicy.defaults(), clock, metrics);
    }

    @Override
    public RecordsWithSplitIds<FeedElement> fetch() throws IOException {
        Map<String, Collection<FeedElement>> out = new HashMap<>();
        Set<String> finished = new java.util.HashSet<>();
        announced.forEach((id, elements) -> out.put(id, new ArrayList<>(elements)));
        announced.clear();
        drainLiquidations(out);
        long now = clock.getAsLong();
        for (Feed f : feeds.values()) {
            List<FeedElement> said = f.tick(now);
            if (!said.isEmpty()) {
                out.computeIfAbsent(f.splitId(), k -> new ArrayList<>()).addAll(said);
            }
        }
        if (!out.isEmpty()) {
            return new RecordsBySplits<>(out, finished);
        }
        if (settings.bounded()) {
            giveUpIfSilent(spot, now);
            giveUpIfSilent(futures, now);
        }
        if (lookUpPerpetuals(now, out, finished) || waitForPerpetuals(now, out)) {
            return new RecordsBySplits<>(out, finished);
        }
        Feed due = null;
        long dueAt = Long.MAX_VALUE;
        for (Feed f : feeds.values()) {
            if (f.finished) {
                continue;
            }
            long at = Math.max(f.nextPollAt, f.gate().readyAt(f.weight()));
            // Feeds that are due take turns, the one polled longest ago first: a feed that
            // always has more (a backfill) must not starve the others.
            boolean first = due == null || (at <= now && dueAt <= now
                    ? f.lastPolledAt < due.lastPolledAt : at < dueAt);
            if (first) {
                dueAt = at;
                due = f;
            }
        }
        if (due == null || dueAt > now) {
            long until = perpetuals == null || perpetuals.result() != null ? dueAt
                    : Math.min(dueAt, perpetuals.readyAt(now));
            try {
                wake.tryAcquire(Math.min(MAX_WAIT_MS, until - now), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the next poll", e);
            }
            drainLiquidations(out);
            return new RecordsBySplits<>(out, finished);
        }
        List<FeedElement> elements;
        try {
            due.lastPolledAt = now;
            elements = new ArrayList<>(due.poll(now));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during a request", e);
        }
        if (due.finished) {
            // A split that ends says so in event time too, and so leaves its output active: a
            // source whose outputs all ended idle would have its end-of-input watermark dropped
            // (Flink does not pass on a watermark from an idle output), and no window would fire.
            elements.add(FeedElement.watermark(Long.MAX_VALUE));
            finished.add(due.splitId());
            feeds.remove(due.splitId());
        }
        if (!elements.isEmpty()) {
            out.put(due.splitId(), elements);
        }
        return new RecordsBySplits<>(out, finished);
    }

    /**
     * Ends a bounded run whose host has given no answer for {@code giveUpAfterMs}: history that
     * cannot be read is a failed run, said as such, not one that waits for ever or ends "done".
     */
    private void giveUpIfSilent(HostGate gate, long now) throws ExchangeUnreachableException {
        long silent = gate.silentForMs(now);
        if (silent >= settings.giveUpAfterMs()) {
            throw new ExchangeUnreachableException(gate.host() + " has given no answer for "
                    + silent / 1000 + " s (last: " + gate.silence() + "); a bounded run gives "
                    + "up after binance.give-up-after (" + settings.giveUpAfterMs() / 1000
                    + " s)");
        }
    }

    /**
     * Funding splits waiting for the venue's perpetuals hold event time as their feeds will, but
     * not for longer than a venue without an answer may (source.idleness, as FundingFeed): then
     * they go idle, and their first records make them active again. True when something was
     * emitted.
     */
    private boolean waitForPerpetuals(long now, Map<String, Collection<FeedElement>> out) {
        if (fundingWaiting.isEmpty() || fundingWaitingIdle
                || now - fundingWaitingSince < settings.quietAfterMs()) {
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
     * known, each waiting funding split gets its feed and each symbol its subscription, and one
     * without a perpetual gets neither (a bounded run ends its funding split; a live one leaves
     * it idle). True when something was emitted.
     */
    private boolean lookUpPerpetuals(long now, Map<String, Collection<FeedElement>> out,
            Set<String> finished) throws IOException {
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
        VenuePerpetuals known = perpetuals.result();
        VenueApi api = settings.venue().api();
        for (ExchangeSplit split : fundingWaiting) {
            SpotPerpetual p = known.of(split.symbol());
            MetricGroup g = metrics.addGroup("split", split.splitId());
            if (p != null) {
                feeds.put(split.splitId(), new FundingFeed(split, futures, api, p.name(),
                        settings, g, now));
                continue;
            }
            // Counted, for the run's summary: the venue has nothing for it to read.
            g.counter("notListed").inc();
            if (settings.bounded()) {
                // Ends in event time too, as a finished feed does (see fetch).
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
            SpotPerpetual p = known.of(symbol);
            // Never a subscription that cannot carry data: no perpetual, or sizes unknown.
            if (p != null && p.contractSize() != null) {
                if (liquidations == null) {
                    liquidations = new LiquidationStream(api, settings.futuresWebsocketUrl(),
                            wake::release, clock, LiquidationStream.PROBE_AFTER_MS, metrics);
                }
                liquidations.add(p);
            }
        }
        liquidationsWaiting.clear();
        return !out.isEmpty();
    }

    private void drainLiquidations(Map<String, Collection<FeedElement>> out) {
        if (liquidations == null) {
            return;
        }
        for (Liquidation l = liquidations.poll(); l != null; l = liquidations.poll()) {
            out.computeIfAbsent(ExchangeStream.LIQUIDATIONS.id() + "-" + l.symbol(),
                    k -> new ArrayList<>()).add(FeedElement.of(l));
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<ExchangeSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("splits are only ever added: " + change);
        }
        long now = clock.getAsLong();
        List<ExchangeSplit> added = new ArrayList<>(change.splits());
        if (!restored && added.stream().anyMatch(this::restored)) {
            // A restart after a failure: the failed reader's requests of this minute count
            // against the IP, and nobody knows how many there were.
            restored = true;
            spot.assumeMinuteSpent();
            futures.assumeMinuteSpent();
        }
        // Klines first: depth feeds look at their symbol's candles.
        added.sort(java.util.Comparator.comparing(ExchangeSplit::stream));
        for (ExchangeSplit split : added) {
            MetricGroup g = metrics.addGroup("split", split.splitId());
            Feed feed = null;
            switch (split.stream()) {
                case KLINES -> {
                    KlineFeed k = new KlineFeed(split, spot, settings, g, now);
                    klinesBySymbol.put(split.symbol(), k);
                    feed = k;
                }
                case FUNDING -> {
                    perpetualsNeeded();
                    // Its history is part of event time (see FundingFeed): it holds from the
                    // start, while the venue's perpetuals are looked up too (waitForPerpetuals).
                    fundingWaiting.add(split);
                    if (fundingWaitingSince == 0) {
                        fundingWaitingSince = now;
                    }
                }
                case DEPTH -> feed = new DepthFeed(split, spot, settings, t -> {
                    KlineFeed k = klinesBySymbol.get(split.symbol());
                    return k == null || k.live(t);
                }, g, now);
                case LIQUIDATIONS -> {
                    perpetualsNeeded();
                    liquidationsWaiting.add(split.symbol());
                    // Pushed samples of the present: the split never holds back event time.
                    announced.put(split.splitId(), List.of(FeedElement.idleness()));
                }
            }
            if (feed != null) {
                feeds.put(split.splitId(), feed);
                if (!feed.holdsEventTime()) {
                    announced.put(split.splitId(), List.of(FeedElement.idleness()));
                }
            }
        }
    }

    private void perpetualsNeeded() {
        if (perpetuals == null) {
            perpetuals = new PerpetualLookup(settings.venue().api(), futures,
                    settings.futuresUrl(), settings.symbols());
        }
    }

    /** Whether a split's cursor has moved on from where the configuration starts it. */
    private boolean restored(ExchangeSplit split) {
        return switch (split.stream()) {
            case KLINES -> split.position() != settings.startMs();
            case FUNDING -> split.position() != settings.fundingStartMs() - 1;
            case DEPTH, LIQUIDATIONS -> split.position() != 0;
        };
    }

    @Override
    public void wakeUp() {
        wake.release();
    }

    @Override
    public void close() {
        if (liquidations != null) {
            liquidations.close();
        }
    }
}
