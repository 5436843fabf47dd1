package io.regimeflow.connectors.exchange.universe;

import io.regimeflow.connectors.enumerator.PendingSplits;
import io.regimeflow.connectors.enumerator.SplitInventory;
import io.regimeflow.connectors.enumerator.SymbolRoster;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enumerator of a {@link SymbolUniverse}, in the manner of KafkaSource's periodic partition
 * discovery: the universe is read on the coordinator's worker thread ({@code callAsync}) at start
 * and, for a live run, every {@code refresh}; the result is applied on the coordinator thread.
 *
 * <ul>
 *   <li>A symbol seen for the first time gets the next index (its owner is {@code index %
 *       parallelism}, as for a fixed list) and its splits. Those of the job's start (given at
 *       start, or found by the first reading of a fresh start) begin at their starting
 *       positions: candles from the configured start. One that joins later (a later reading, or
 *       any reading after a restore) has its candles from the hour it joined in ({@link
 *       LiveEdge}): older minutes would be late for the job's event time, which is near the
 *       present by then. Its funding history is read as for the others (the snapshots keep
 *       funding parts until the symbol's first hour closes).
 *   <li>A symbol that leaves the universe is retired: a WARN line naming it and why, the counter
 *       {@code universeSymbolsRetired}, and a {@link UniverseEvent} to its owner, whose splits
 *       stop polling and go idle (they hold back no watermark) but stay assigned with their
 *       cursors. One that comes back resumes from those cursors: the minutes it missed are
 *       backfilled like a hole, from no earlier than the hour it came back in (its reader skips
 *       older ones, which would be late).
 *   <li>A failed read (an HTTP error, a body that is not the exchange's) is logged, the universe
 *       is kept as it is and read again at the next refresh; only when no symbol is known at all
 *       (none given at start, none restored) does it fail the run ({@link
 *       UniverseUnreadableException}).
 * </ul>
 *
 * <p>Its checkpoint ({@link SplitInventory} with a {@link SymbolRoster}) holds the pending splits,
 * every split key and each symbol's index and retirement, so a restore neither loses nor doubles
 * a symbol. A bounded run reads the universe once and retires nothing (its splits must finish).
 */
public final class UniverseEnumerator
        implements SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> {
    private static final Logger LOG = LoggerFactory.getLogger(UniverseEnumerator.class);

    private final SplitEnumeratorContext<ExchangeSplit> context;
    private final Callable<UniverseListing> discovery;
    private final BiFunction<String, Integer, List<ExchangeSplit>> splitsOf;
    private final Duration refresh;
    private final boolean bounded;
    /** Whether this enumerator was restored: every symbol it finds joins a running job. */
    private final boolean restored;
    private final LongSupplier clock;
    private final String what;
    private final List<ExchangeSplit> pending;
    private final Set<String> known;
    private final Map<String, Integer> indices;
    private final Map<String, String> retired;
    private final Counter listed;
    private final Counter retirements;
    private final Counter failedReads;
    /** Whether the universe has been read (or given up on) once: a bounded run ends its list. */
    private boolean read;

    /**
     * @param discovery reads the universe (blocking; run on the worker thread)
     * @param splitsOf a symbol's splits at their starting positions, given its index
     * @param clock the source's clock (epoch ms): when a symbol joins
     * @param what the universe in words, for log lines
     * @param state the enumerator's state: fresh ({@link #initial}) or restored
     * @param restored whether {@code state} is a checkpoint's
     */
    public UniverseEnumerator(SplitEnumeratorContext<ExchangeSplit> context,
            Callable<UniverseListing> discovery,
            BiFunction<String, Integer, List<ExchangeSplit>> splitsOf, Duration refresh,
            boolean bounded, LongSupplier clock, String what,
            SplitInventory<ExchangeSplit> state, boolean restored) {
        this.context = context;
        this.discovery = discovery;
        this.splitsOf = splitsOf;
        this.refresh = refresh;
        this.bounded = bounded;
        this.clock = clock;
        this.restored = restored;
        this.what = what;
        this.pending = new ArrayList<>(state.pending());
        this.known = new TreeSet<>(state.known());
        this.indices = new TreeMap<>(state.roster().indices());
        this.retired = new TreeMap<>(state.roster().retired());
        for (ExchangeSplit s : state.pending()) {
            indices.putIfAbsent(s.symbol(), s.index());
        }
        if (restored) {
            addStreamsConfiguredSince();
        }
        MetricGroup metrics = context.metricGroup() != null ? context.metricGroup()
                : UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
        listed = metrics.counter("universeSymbolsListed");
        retirements = metrics.counter("universeSymbolsRetired");
        failedReads = metrics.counter("universeReadsFailed");
        metrics.gauge("universeSymbols", () -> indices.size() - retired.size());
    }

    /**
     * A stream turned on since the checkpoint (funding, books, liquidations) for the symbols
     * the checkpoint knows: their splits from the configured start, as for a fixed list
     * ({@code FixedOwnerEnumerator.restore}); a symbol that joins later gets them anyway.
     */
    private void addStreamsConfiguredSince() {
        List<String> added = new ArrayList<>();
        indices.forEach((symbol, index) -> {
            for (ExchangeSplit s : splitsOf.apply(symbol, index)) {
                if (known.add(s.splitId())) {
                    pending.add(s);
                    added.add(s.splitId());
                }
            }
        });
        if (!added.isEmpty()) {
            LOG.info("universe ({}): configured since the checkpoint, starting from the "
                    + "configured start: {}", what, added);
        }
    }

    /**
     * The state of a fresh start: {@code symbols} (the universe as the job read it before it
     * started, possibly empty) with indices in their order and their splits pending.
     */
    public static SplitInventory<ExchangeSplit> initial(List<String> symbols,
            BiFunction<String, Integer, List<ExchangeSplit>> splitsOf) {
        List<ExchangeSplit> splits = new ArrayList<>();
        Set<String> keys = new TreeSet<>();
        Map<String, Integer> indices = new TreeMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            indices.put(symbols.get(i), i);
            for (ExchangeSplit s : splitsOf.apply(symbols.get(i), i)) {
                splits.add(s);
                keys.add(s.splitId());
            }
        }
        return new SplitInventory<>(splits, keys, new SymbolRoster(indices, Map.of()));
    }

    @Override
    public void start() {
        if (bounded) {
            context.callAsync(discovery, this::apply);
        } else {
            context.callAsync(discovery, this::apply, 0, refresh.toMillis());
        }
    }

    /** A reading of the universe, or its failure; on the coordinator thread. */
    void apply(UniverseListing listing, Throwable error) {
        if (error != null) {
            failedReads.inc();
            if (!read && indices.isEmpty()) {
                throw new UniverseUnreadableException("cannot read the universe of symbols ("
                        + what + ") at start: " + error.getMessage(), error);
            }
            LOG.error("universe ({}): reading the exchange's list failed ({}); keeping the {} "
                    + "symbols known, asking again {}", what, error.getMessage(),
                    indices.size() - retired.size(), bounded ? "never (a bounded run reads it "
                            + "once)" : "in " + refresh);
            finishFirstRead();
            return;
        }
        // A bounded run's range is fixed; a live one's event time has begun after this.
        boolean joining = !bounded && (read || restored);
        long now = clock.getAsLong();
        for (String symbol : listing.members()) {
            if (!indices.containsKey(symbol)) {
                int index = new SymbolRoster(indices, Map.of()).nextIndex();
                indices.put(symbol, index);
                for (ExchangeSplit s : splitsOf.apply(symbol, index)) {
                    if (joining && s.stream() == ExchangeStream.KLINES) {
                        s = joinedAt(s, now);
                    }
                    if (known.add(s.splitId())) {
                        pending.add(s);
                    }
                }
                listed.inc();
            } else if (retired.remove(symbol) != null) {
                LOG.info("universe ({}): {} is back; its splits poll again from their cursors "
                        + "(the minutes it missed backfilled from the hour it came back in, "
                        + "older ones would be late)", what, symbol);
                tellOwner(symbol, new UniverseEvent(symbol, null));
            }
        }
        if (!bounded) {
            for (String symbol : indices.keySet()) {
                if (!listing.members().contains(symbol) && !retired.containsKey(symbol)) {
                    String why = listing.whyNot(symbol);
                    retired.put(symbol, why);
                    retirements.inc();
                    LOG.warn("universe ({}): {} retired: {}; its splits stop polling and stay "
                            + "idle (they hold back no watermark) until it is back", what,
                            symbol, why);
                    tellOwner(symbol, new UniverseEvent(symbol, why));
                }
            }
        }
        context.registeredReaders().keySet().forEach(this::assignPendingTo);
        finishFirstRead();
    }

    /**
     * A symbol's candle split as it joins at {@code now}: from the hour it joined in ({@link
     * LiveEdge}), its origin kept in {@code previous} so that its reader does not take it for a
     * restored cursor.
     */
    private ExchangeSplit joinedAt(ExchangeSplit klines, long now) {
        long from = LiveEdge.firstMinute(now, klines.position());
        LOG.info("universe ({}): {} added at {}; its candles from {}: history before it not "
                + "backfilled because it would be late for the job's event time (its analyses "
                + "warm up as for a new listing)", what, klines.symbol(),
                LiveEdge.minute(now - Math.floorMod(now, 60_000L)), LiveEdge.minute(from));
        return klines.at(from, from);
    }

    private void finishFirstRead() {
        if (!read) {
            read = true;
            if (bounded) {
                context.registeredReaders().keySet().forEach(context::signalNoMoreSplits);
            }
        }
    }

    private int ownerOf(int index) {
        return index % context.currentParallelism();
    }

    private void tellOwner(String symbol, UniverseEvent event) {
        int owner = ownerOf(indices.get(symbol));
        if (context.registeredReaders().containsKey(owner)) {
            context.sendEventToSourceReader(owner, event);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed on registration and discovery; nothing waits on requests.
    }

    @Override
    public void addSplitsBack(List<ExchangeSplit> splits, int subtaskId) {
        PendingSplits.takeBack(context, pending, splits, subtaskId, this::assignPendingTo);
    }

    @Override
    public void addReader(int subtaskId) {
        assignPendingTo(subtaskId);
        // A reader restored from a checkpoint has its splits back, but not their retirement.
        retired.forEach((symbol, why) -> {
            if (ownerOf(indices.get(symbol)) == subtaskId) {
                context.sendEventToSourceReader(subtaskId, new UniverseEvent(symbol, why));
            }
        });
        if (bounded && read) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    private void assignPendingTo(int subtaskId) {
        PendingSplits.assignOwned(context, pending, subtaskId, s -> ownerOf(s.index()));
    }

    @Override
    public SplitInventory<ExchangeSplit> snapshotState(long checkpointId) {
        return new SplitInventory<>(pending, known, new SymbolRoster(indices, retired));
    }

    @Override
    public void close() {}
}
