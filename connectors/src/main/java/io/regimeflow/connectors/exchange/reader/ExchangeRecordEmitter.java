package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.split.ExchangeSplitState;
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
final class ExchangeRecordEmitter
        implements RecordEmitter<FeedElement, MarketRecord, ExchangeSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeRecordEmitter.class);

    @Override
    public void emitRecord(FeedElement element, SourceOutput<MarketRecord> output,
            ExchangeSplitState state) {
        if (element.record() != null) {
            if (!state.isNew(element.record().data())) {
                state.skipped();
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
