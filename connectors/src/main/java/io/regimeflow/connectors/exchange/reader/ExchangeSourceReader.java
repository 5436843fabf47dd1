package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeSplitState;
import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import io.regimeflow.connectors.exchange.universe.UniverseEvent;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
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
    private final SymbolRetirements retirements;
    /** Whether the reader said it is idle while it has no split (a universe only). */
    private boolean idleWithoutSplits;

    public ExchangeSourceReader(SourceReaderContext context, ExchangeSourceSettings settings,
            LongSupplier clock) {
        this(context, settings, clock, new SymbolRetirements());
    }

    private ExchangeSourceReader(SourceReaderContext context, ExchangeSourceSettings settings,
            LongSupplier clock, SymbolRetirements retirements) {
        super(() -> new ExchangeSplitReader(settings, Math.max(1, context.currentParallelism()),
                clock, context.metricGroup().addGroup("binance"), retirements),
                new ExchangeRecordEmitter(), context.getConfiguration() == null
                        ? new Configuration() : context.getConfiguration(), context);
        this.settings = settings;
        this.retirements = retirements;
    }

    /**
     * A reader of a universe that owns no symbol yet never ends (one may be listed later), so it
     * says it is idle: otherwise its output, without any split to give a watermark, would hold
     * back event time for every other reader.
     */
    @Override
    public InputStatus pollNext(ReaderOutput<MarketRecord> output) throws Exception {
        if (settings.universe() != null && getNumberOfCurrentlyAssignedSplits() == 0) {
            if (!idleWithoutSplits) {
                output.markIdle();
                idleWithoutSplits = true;
            }
        } else {
            idleWithoutSplits = false;
        }
        return super.pollNext(output);
    }

    /** A symbol of this reader left the universe or came back ({@link UniverseEvent}). */
    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof UniverseEvent e) {
            retirements.apply(e);
        } else {
            super.handleSourceEvents(event);
        }
    }

    @Override
    public void addSplits(List<ExchangeSplit> splits) {
        List<ExchangeSplit> wanted = new ArrayList<>();
        for (ExchangeSplit s : splits) {
            // A universe changes while running: any symbol the enumerator gives is wanted.
            boolean symbolWanted = settings.universe() != null
                    || settings.symbols().contains(s.symbol());
            if (symbolWanted && settings.streams().contains(s.stream())) {
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
