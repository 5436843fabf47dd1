package io.regimeflow.connectors.binance;

import io.regimeflow.connectors.source.FixedOwnerEnumerator;
import io.regimeflow.connectors.source.SplitInventory;
import io.regimeflow.connectors.source.SplitInventorySerializer;
import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.Watermark;
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
 * The live market: Binance.US spot candles and order books, Binance USD-M funding and
 * liquidations, as one FLIP-27 source with a split per (symbol, stream). All streams of a symbol
 * belong to one reader (their owner is the symbol's position), which lets the order-book feed
 * wait for its symbol's candles. Each split's state is its cursor: a restore from a checkpoint
 * resumes after the last record emitted, with no gap and no duplicate.
 *
 * <p>Event time is driven by the source itself ({@link #watermarks()}): a candle split's
 * watermark is the close of its last emitted candle; a funding split holds event time while it
 * reads history (see {@link FundingFeed}), and the other splits are idle (order books and
 * liquidations are samples of the present). An outage therefore holds event time back instead
 * of letting it run past candles or settlements still to come.
 */
public final class BinanceSource
        implements Source<MarketRecord, BinanceSplit, SplitInventory<BinanceSplit>> {
    private static final long serialVersionUID = 1L;

    private final BinanceSettings settings;

    public BinanceSource(BinanceSettings settings) {
        this.settings = settings;
    }

    public BinanceSettings settings() {
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
    List<BinanceSplit> splits() {
        List<BinanceSplit> splits = new ArrayList<>();
        for (int i = 0; i < settings.symbols().size(); i++) {
            String symbol = settings.symbols().get(i);
            for (BinanceStream stream : settings.streams()) {
                long position = switch (stream) {
                    case KLINES -> settings.startMs();
                    case FUNDING -> settings.fundingStartMs() - 1;
                    case DEPTH, LIQUIDATIONS -> 0;
                };
                splits.add(new BinanceSplit(symbol, i, stream, position, -1));
            }
        }
        return splits;
    }

    @Override
    public SplitEnumerator<BinanceSplit, SplitInventory<BinanceSplit>> createEnumerator(
            SplitEnumeratorContext<BinanceSplit> context) {
        List<BinanceSplit> splits = splits();
        Set<String> keys = new TreeSet<>();
        splits.forEach(s -> keys.add(s.splitId()));
        return new FixedOwnerEnumerator<>(context, splits, keys, BinanceSplit::index);
    }

    @Override
    public SplitEnumerator<BinanceSplit, SplitInventory<BinanceSplit>> restoreEnumerator(
            SplitEnumeratorContext<BinanceSplit> context,
            SplitInventory<BinanceSplit> checkpoint) {
        return FixedOwnerEnumerator.restore(context, checkpoint, splits(), BinanceSplit::splitId,
                BinanceSplit::index);
    }

    @Override
    public SimpleVersionedSerializer<BinanceSplit> getSplitSerializer() {
        return new BinanceSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<SplitInventory<BinanceSplit>>
            getEnumeratorCheckpointSerializer() {
        return new SplitInventorySerializer<>(new BinanceSplitSerializer());
    }

    @Override
    public SourceReader<MarketRecord, BinanceSplit> createReader(SourceReaderContext context) {
        return new BinanceSourceReader(context, settings, System::currentTimeMillis);
    }

    /** Generates nothing: the splits emit their own watermarks. */
    private static final class SplitDrivenWatermarks implements WatermarkGenerator<MarketRecord> {
        @Override
        public void onEvent(MarketRecord event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
