package io.regimeflow.connectors.binance;

import io.regimeflow.model.MarketRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits a split's records with their event time and moves its cursor; passes the split's
 * watermark and idleness on to its own output, so event time advances per split.
 */
final class BinanceRecordEmitter
        implements RecordEmitter<FeedElement, MarketRecord, BinanceSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceRecordEmitter.class);

    @Override
    public void emitRecord(FeedElement element, SourceOutput<MarketRecord> output,
            BinanceSplitState state) {
        if (element.record() != null) {
            if (!state.isNew(element.record().data())) {
                state.skipped.inc();
                LOG.warn("not emitted again: {} (the split's cursor is past it)",
                        element.record().data());
                return;
            }
            output.collect(element.record(), element.timestamp());
            state.emitted(element.record().data());
        }
        if (element.watermark() != FeedElement.NO_WATERMARK) {
            output.emitWatermark(new Watermark(element.watermark()));
        }
        if (element.idle()) {
            output.markIdle();
        }
    }
}
