package io.regimeflow.bench;

import io.regimeflow.model.MarketRecord;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The job's own source, unchanged, whose readers also note in {@link EmitClock#GLOBAL} the
 * instant each record is handed to Flink. Enumerator, splits and their state are the wrapped
 * source's.
 */
final class EmitClockSource<S extends SourceSplit, E> implements Source<MarketRecord, S, E> {
    private static final long serialVersionUID = 1L;

    private final Source<MarketRecord, S, E> source;

    private EmitClockSource(Source<MarketRecord, S, E> source) {
        this.source = source;
    }

    /** {@code source}, its emits timed. */
    static Source<MarketRecord, ?, ?> wrap(Source<MarketRecord, ?, ?> source) {
        return typed(source);
    }

    private static <S extends SourceSplit, E> Source<MarketRecord, S, E> typed(
            Source<MarketRecord, S, E> source) {
        return new EmitClockSource<>(source);
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context)
            throws Exception {
        return source.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context,
            E checkpoint) throws Exception {
        return source.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public SourceReader<MarketRecord, S> createReader(SourceReaderContext context)
            throws Exception {
        return new EmitClockReader<>(source.createReader(context), EmitClock.GLOBAL);
    }
}
