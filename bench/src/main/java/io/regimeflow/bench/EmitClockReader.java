package io.regimeflow.bench;

import io.regimeflow.model.MarketRecord;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

/**
 * A source reader that passes everything to the wrapped one, and notes each record's emit in
 * an {@link EmitClock} just before handing it on (the handing on runs the chained operators, so
 * the instant taken after it would include their work).
 */
final class EmitClockReader<S extends SourceSplit> implements SourceReader<MarketRecord, S> {

    /** Records emitted without a split of their own are noted under this id. */
    static final String NO_SPLIT = "(reader)";

    private final SourceReader<MarketRecord, S> reader;
    private final EmitClock clock;
    private ReaderOutput<MarketRecord> seen;
    private TimedOutput timed;

    EmitClockReader(SourceReader<MarketRecord, S> reader, EmitClock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<MarketRecord> output) throws Exception {
        if (output != seen) {
            seen = output;
            timed = new TimedOutput(output);
        }
        return reader.pollNext(timed);
    }

    private void note(String splitId, MarketRecord record, long eventTime) {
        clock.emitted(splitId, record.data().symbol(), eventTime, System.nanoTime());
    }

    /** One split's output (or the reader's own), each record timed under that split's id. */
    private class TimedSplitOutput implements SourceOutput<MarketRecord> {
        private final SourceOutput<MarketRecord> output;
        private final String splitId;

        TimedSplitOutput(SourceOutput<MarketRecord> output, String splitId) {
            this.output = output;
            this.splitId = splitId;
        }

        @Override
        public void collect(MarketRecord record) {
            note(splitId, record, record.data().eventTime());
            output.collect(record);
        }

        @Override
        public void collect(MarketRecord record, long timestamp) {
            note(splitId, record, timestamp);
            output.collect(record, timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            output.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            output.markIdle();
        }

        @Override
        public void markActive() {
            output.markActive();
        }
    }

    /** The reader's output: its records under {@link #NO_SPLIT}, each split's under its id. */
    private final class TimedOutput extends TimedSplitOutput
            implements ReaderOutput<MarketRecord> {
        private final ReaderOutput<MarketRecord> output;

        TimedOutput(ReaderOutput<MarketRecord> output) {
            super(output, NO_SPLIT);
            this.output = output;
        }

        @Override
        public SourceOutput<MarketRecord> createOutputForSplit(String splitId) {
            return new TimedSplitOutput(output.createOutputForSplit(splitId), splitId);
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            output.releaseOutputForSplit(splitId);
        }
    }

    @Override
    public void start() {
        reader.start();
    }

    @Override
    public List<S> snapshotState(long checkpointId) {
        return reader.snapshotState(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return reader.isAvailable();
    }

    @Override
    public void addSplits(List<S> splits) {
        reader.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
        reader.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        reader.handleSourceEvents(event);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> pause, Collection<String> resume) {
        reader.pauseOrResumeSplits(pause, resume);
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
