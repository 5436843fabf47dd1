package io.regimeflow.connectors.binance;

import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Binance source reader: one fetch thread ({@link BinanceSplitReader}) for all splits of the
 * subtask, so they share one weight budget per host; checkpoints hold each split's cursor.
 */
final class BinanceSourceReader extends SingleThreadMultiplexSourceReaderBase<FeedElement,
        MarketRecord, BinanceSplit, BinanceSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceSourceReader.class);

    private final BinanceSettings settings;

    BinanceSourceReader(SourceReaderContext context, BinanceSettings settings,
            LongSupplier clock) {
        super(() -> new BinanceSplitReader(settings, Math.max(1, context.currentParallelism()),
                clock, context.metricGroup().addGroup("binance")), new BinanceRecordEmitter(),
                context.getConfiguration() == null ? new Configuration()
                        : context.getConfiguration(), context);
        this.settings = settings;
    }

    @Override
    public void addSplits(List<BinanceSplit> splits) {
        List<BinanceSplit> wanted = new ArrayList<>();
        for (BinanceSplit s : splits) {
            if (settings.symbols().contains(s.symbol())
                    && settings.streams().contains(s.stream())) {
                wanted.add(s);
            } else {
                // Restored from a savepoint taken while the symbol or stream was configured.
                LOG.info("{} is no longer configured; its restored split is dropped",
                        s.splitId());
            }
        }
        super.addSplits(wanted);
    }

    @Override
    protected void onSplitFinished(Map<String, BinanceSplitState> finished) {
        LOG.info("finished: {}", finished.keySet());
    }

    @Override
    protected BinanceSplitState initializedState(BinanceSplit split) {
        MetricGroup g = context.metricGroup().addGroup("split", split.splitId());
        return new BinanceSplitState(split, g.counter("recordsEmitted"),
                g.counter("recordsNotEmittedAgain"));
    }

    @Override
    protected BinanceSplit toSplitType(String splitId, BinanceSplitState state) {
        return state.toSplit();
    }
}
