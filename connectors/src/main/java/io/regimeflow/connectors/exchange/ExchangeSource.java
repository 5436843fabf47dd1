package io.regimeflow.connectors.exchange;

import io.regimeflow.connectors.enumerator.FixedOwnerEnumerator;
import io.regimeflow.connectors.enumerator.SplitInventory;
import io.regimeflow.connectors.enumerator.SplitInventorySerializer;
import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.http.ExchangeHttp;
import io.regimeflow.connectors.exchange.reader.ExchangeSourceReader;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeSplitSerializer;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.connectors.exchange.universe.SymbolUniverse;
import io.regimeflow.connectors.exchange.universe.UniverseEnumerator;
import io.regimeflow.connectors.exchange.universe.UniverseListing;
import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The live market: Binance.US spot candles and order books, and funding and liquidations from the
 * configured derivatives venue (Binance USD-M, Bybit, OKX or Hyperliquid: {@code
 * derivatives.venue}), as one FLIP-27 source with a split per (symbol, stream). All streams of a
 * symbol belong to one reader (their owner is the symbol's position), which lets the order-book
 * feed wait for its symbol's candles. Each split's state is its cursor: a restore from a
 * checkpoint resumes after the last record emitted, with no gap and no duplicate.
 *
 * <p>Event time is driven by the source itself ({@link #watermarks()}): a candle split's
 * watermark is the close of its last emitted candle; a funding split holds event time while it
 * reads history (see the reader's FundingFeed), and the other splits are idle (order books and
 * liquidations are samples of the present). An outage therefore holds event time back instead
 * of letting it run past candles or settlements still to come.
 *
 * <p>The symbols are a fixed list ({@link FixedOwnerEnumerator}: every split made at start), or
 * a universe ({@code settings.universe()}, {@link UniverseEnumerator}: read from the exchange at
 * start and every refresh; symbols listed later get their splits, those delisted are retired).
 *
 * <p>Its configuration says {@code source.type: binance}, and its reader's metrics stay under the
 * group {@code binance}: both are older than the venues other than Binance, and savepoints,
 * dashboards and configurations name them.
 */
public final class ExchangeSource
        implements Source<MarketRecord, ExchangeSplit, SplitInventory<ExchangeSplit>> {
    private static final long serialVersionUID = 1L;

    private final ExchangeSourceSettings settings;
    private final SourceClock clock;

    public ExchangeSource(ExchangeSourceSettings settings) {
        this(settings, SourceClock.SYSTEM);
    }

    /**
     * A source whose readers run on {@code clock}: tests only (a simulated clock makes a live
     * minute pass in a fraction of a second); the job runs on {@link SourceClock#SYSTEM}.
     */
    public ExchangeSource(ExchangeSourceSettings settings, SourceClock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public ExchangeSourceSettings settings() {
        return settings;
    }

    /**
     * The watermark strategy to use with this source: timestamps as the source assigns them,
     * watermarks as its splits emit them; nothing generated from the records.
     */
    public static WatermarkStrategy<MarketRecord> watermarks() {
        return WatermarkStrategy.forGenerator(ctx -> new SplitDrivenWatermarks());
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    /** The configured splits at their starting positions. */
    List<ExchangeSplit> splits() {
        List<ExchangeSplit> splits = new ArrayList<>();
        for (int i = 0; i < settings.symbols().size(); i++) {
            splits.addAll(splitsOf(settings.symbols().get(i), i));
        }
        return splits;
    }

    /** A symbol's splits, one per configured stream, at their starting positions. */
    List<ExchangeSplit> splitsOf(String symbol, int index) {
        List<ExchangeSplit> splits = new ArrayList<>();
        for (ExchangeStream stream : settings.streams()) {
            long position = switch (stream) {
                case KLINES -> settings.startMs();
                case FUNDING -> settings.fundingStartMs() - 1;
                case DEPTH, LIQUIDATIONS -> 0;
            };
            splits.add(new ExchangeSplit(symbol, index, stream, position, -1));
        }
        return splits;
    }

    /** The enumerator of a universe, from {@code state}: fresh or restored. */
    private UniverseEnumerator universeEnumerator(SplitEnumeratorContext<ExchangeSplit> context,
            SplitInventory<ExchangeSplit> state, boolean restored) {
        SymbolUniverse universe = settings.universe();
        ExchangeHttp http = new ExchangeHttp(settings.spotUrl(), settings.requestTimeout());
        String host = settings.spotUrl().getHost();
        return new UniverseEnumerator(context, () -> UniverseListing.read(http, universe, host),
                this::splitsOf, universe.refresh(), settings.bounded(), clock,
                universe.describe() + " on " + host, state, restored);
    }

    @Override
    public SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> createEnumerator(
            SplitEnumeratorContext<ExchangeSplit> context) {
        if (settings.universe() != null) {
            return universeEnumerator(context,
                    UniverseEnumerator.initial(settings.symbols(), this::splitsOf), false);
        }
        List<ExchangeSplit> splits = splits();
        Set<String> keys = new TreeSet<>();
        splits.forEach(s -> keys.add(s.splitId()));
        return new FixedOwnerEnumerator<>(context, splits, keys, ExchangeSplit::index);
    }

    @Override
    public SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> restoreEnumerator(
            SplitEnumeratorContext<ExchangeSplit> context,
            SplitInventory<ExchangeSplit> checkpoint) {
        if (settings.universe() != null) {
            return universeEnumerator(context, checkpoint, true);
        }
        return FixedOwnerEnumerator.restore(context, checkpoint, splits(), ExchangeSplit::splitId,
                ExchangeSplit::index);
    }

    @Override
    public SimpleVersionedSerializer<ExchangeSplit> getSplitSerializer() {
        return new ExchangeSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<SplitInventory<ExchangeSplit>>
            getEnumeratorCheckpointSerializer() {
        // A fixed list writes the layout it always has (version 1), a universe its roster too.
        return settings.universe() != null
                ? SplitInventorySerializer.withRoster(new ExchangeSplitSerializer())
                : new SplitInventorySerializer<>(new ExchangeSplitSerializer());
    }

    @Override
    public SourceReader<MarketRecord, ExchangeSplit> createReader(SourceReaderContext context) {
        return new ExchangeSourceReader(context, settings, clock);
    }

    /** Generates nothing: the splits emit their own watermarks. */
    private static final class SplitDrivenWatermarks implements WatermarkGenerator<MarketRecord> {
        @Override
        public void onEvent(MarketRecord event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
