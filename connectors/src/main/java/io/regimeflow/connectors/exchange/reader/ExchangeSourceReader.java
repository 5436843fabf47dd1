package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeSplitState;
import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Binance source reader: one fetch thread ({@link ExchangeSplitReader}) for all splits of the
 * subtask, so they share one weight budget per host; checkpoints hold each split's cursor.
 */
@Internal
public final class ExchangeSourceReader extends SingleThreadMultiplexSourceReaderBase<FeedElement,
        MarketRecord, ExchangeSplit, ExchangeSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSourceReader.class);

    private final ExchangeSourceSettings settings;

    public ExchangeSourceReader(SourceReaderContext context, ExchangeSourceSettings settings,
            LongSupplier clock) {
        super(() -> new ExchangeSplitReader(settings, Math.max(1, context.currentParallelism()),
                clock, context.metricGroup().addGroup("binance")), new ExchangeRecordEmitter(),
                context.getConfiguration() == null ? new Configuration()
                        : context.getConfiguration(), context);
        this.settings = settings;
    }

    @Override
    public void addSplits(List<ExchangeSplit> splits) {
        List<ExchangeSplit> wanted = new ArrayList<>();
        for (ExchangeSplit s : splits) {
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
    protected void onSplitFinished(Map<String, ExchangeSplitState> finished) {
        LOG.info("finished: {}", finished.keySet());
    }

    @Override
    protected ExchangeSplitState initializedState(ExchangeSplit split) {
        MetricGroup g = context.metricGroup().addGroup("split", split.splitId());
        return new ExchangeSplitState(split, g.counter("recordsEmitted"),
                g.counter("recordsNotEmittedAgain"));
    }

    @Override
    protected ExchangeSplit toSplitType(String splitId, ExchangeSplitState state) {
        return state.toSplit();
    }
}
