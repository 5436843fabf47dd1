package io.regimeflow.connectors.simulator;

import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/** A {@link ReaderOutput} that records what a reader emits and which split outputs it opened. */
final class CollectingReaderOutput implements ReaderOutput<MarketRecord> {
    final List<MarketRecord> records = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();
    final Set<String> openSplits = new HashSet<>();
    final Set<String> releasedSplits = new HashSet<>();

    @Override
    public void collect(MarketRecord record) {
        throw new AssertionError("records must be emitted through their split's output");
    }

    @Override
    public void collect(MarketRecord record, long timestamp) {
        records.add(record);
        timestamps.add(timestamp);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<MarketRecord> createOutputForSplit(String splitId) {
        openSplits.add(splitId);
        return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {
        releasedSplits.add(splitId);
    }
}
