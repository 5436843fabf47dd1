package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.http.ExchangeUnreachableException;
import io.regimeflow.connectors.exchange.http.HostGate;
import io.regimeflow.connectors.exchange.http.RetryPolicy;
import io.regimeflow.connectors.exchange.http.WeightBudget;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.spot.SpotStreams;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
 * gate per host (so the weight budget is shared by all of them), and the splits of the derivatives
 * venue ({@link DerivativesSplits}: funding, and the liquidation websocket).
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
    /** Funding and liquidation splits, and the liquidation websocket. */
    private final DerivativesSplits derivatives;
    /** Live klines and books over the spot websocket; null when polling REST only. */
    private final SpotStreams streams;
    private boolean restored;
    /** Symbols retired from the universe: their feeds are not polled. */
    private final SymbolRetirements retirements;

    ExchangeSplitReader(ExchangeSourceSettings settings, int readers, LongSupplier clock,
            MetricGroup metrics) {
        this(settings, readers, clock, metrics, new SymbolRetirements());
    }

    ExchangeSplitReader(ExchangeSourceSettings settings, int readers, LongSupplier clock,
            MetricGroup metrics, SymbolRetirements retirements) {
        this.settings = settings;
        this.retirements = retirements;
        retirements.onChange(wake::release);
        this.clock = clock;
        this.metrics = metrics;
        Duration timeout = settings.requestTimeout();
        this.spot = new HostGate(new ExchangeHttp(settings.spotUrl(), timeout),
                settings.spotUrl().getHost(), new WeightBudget(settings.spotWeightLimit(),
                        settings.weightShare(), readers), RetryPolicy.defaults(clock), clock,
                metrics);
        this.futures = new HostGate(new ExchangeHttp(settings.derivativesRestUrl(), timeout,
                settings.venue().api()),
                settings.derivativesRestUrl().getHost() + (settings.derivativesRestUrl().getHost()
                        .equals(settings.spotUrl().getHost()) ? "-futures" : ""),
                new WeightBudget(settings.derivativesWeightLimit(), settings.weightShare(),
                        readers),
                RetryPolicy.defaults(clock), clock, metrics);
        this.derivatives = new DerivativesSplits(settings, futures, clock, metrics,
                wake::release);
        this.streams = settings.live().websocket() && !settings.bounded()
                ? new SpotStreams(settings.live().websocketUrl(), clock, metrics, wake::release)
                : null;
    }

    @Override
    public RecordsWithSplitIds<FeedElement> fetch() throws IOException {
        Map<String, Collection<FeedElement>> out = new HashMap<>();
        Set<String> finished = new HashSet<>();
        announced.forEach((id, elements) -> out.put(id, new ArrayList<>(elements)));
        announced.clear();
        derivatives.drainLiquidations(out);
        long now = clock.getAsLong();
        retirements.act(feeds, out, now);
        for (Feed f : feeds.values()) {
            if (retirements.isRetired(f.split.symbol())) {
                continue;
            }
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
        if (derivatives.lookUpPerpetuals(now, out, finished, feeds)
                || derivatives.waitForPerpetuals(now, out)) {
            return new RecordsBySplits<>(out, finished);
        }
        Feed due = null;
        long dueAt = Long.MAX_VALUE;
        for (Feed f : feeds.values()) {
            if (f.finished || retirements.isRetired(f.split.symbol())) {
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
            long until = derivatives.waitUntil(dueAt, now);
            try {
                wake.tryAcquire(Math.min(MAX_WAIT_MS, until - now), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the next poll", e);
            }
            derivatives.drainLiquidations(out);
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
        if (silent >= settings.giveUpAfter().toMillis()) {
            throw new ExchangeUnreachableException(gate.host() + " has given no answer for "
                    + silent / 1000 + " s (last: " + gate.silence() + "); a bounded run gives "
                    + "up after binance.give-up-after (" + settings.giveUpAfter().toMillis() / 1000
                    + " s)");
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
        added.sort(Comparator.comparing(ExchangeSplit::stream));
        for (ExchangeSplit split : added) {
            retirements.track(split);
            if (retirements.isRetired(split.symbol())) {
                // Retired before its split came (a restore): idle from the start.
                announced.put(split.splitId(), List.of(FeedElement.idleness()));
            }
            MetricGroup g = metrics.addGroup("split", split.splitId());
            Feed feed = null;
            switch (split.stream()) {
                case KLINES -> {
                    KlineFeed k = new KlineFeed(split, spot, settings, streams == null ? null
                            : new SocketCandles(streams.klines(split.symbol()), g), g, now);
                    klinesBySymbol.put(split.symbol(), k);
                    feed = k;
                }
                case FUNDING -> derivatives.addFunding(split, now);
                case DEPTH -> feed = new DepthFeed(split, spot, settings, t -> {
                    KlineFeed k = klinesBySymbol.get(split.symbol());
                    return k == null || k.live(t);
                }, booksFromStreams() ? streams.books(split.symbol()) : null, g, now);
                case LIQUIDATIONS -> {
                    derivatives.addLiquidations(split);
                    // Pushed samples of the present: the split never holds back event time.
                    announced.put(split.splitId(), List.of(FeedElement.idleness()));
                }
            }
            if (feed != null) {
                feeds.put(split.splitId(), feed);
                if (!feed.holdsEventTime() || retirements.isRetired(split.symbol())) {
                    announced.put(split.splitId(), List.of(FeedElement.idleness()));
                }
            }
        }
        if (streams != null) {
            streams.connect(); // once for all the splits added
        }
    }

    /**
     * Whether books come from the streams: only when the run asks for no more levels than their
     * partial book has, so the levels of a book never depend on which way it came.
     */
    private boolean booksFromStreams() {
        return streams != null && settings.depthLimit() <= SpotStreams.BOOK_LEVELS;
    }

    /** Whether a split's cursor has moved on from where it was made to start. */
    private boolean restored(ExchangeSplit split) {
        return switch (split.stream()) {
            case KLINES -> split.position() != (split.previous() >= 0 ? split.previous()
                    : settings.startMs());
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
        try {
            derivatives.close();
        } finally {
            if (streams != null) {
                streams.close();
            }
        }
    }
}
