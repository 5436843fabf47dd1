package io.regimeflow.bench;

import io.regimeflow.model.BuiltCandle;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Counts and fingerprints the job's built candles. The benchmark's mini-cluster runs in the same
 * JVM, so the writers can add into static totals that the benchmark reads after the job.
 */
final class DigestSink implements Sink<BuiltCandle> {
    private static final long serialVersionUID = 1L;

    static final AtomicLong COUNT = new AtomicLong();
    static final AtomicLong CHECKSUM = new AtomicLong();

    @Override
    public SinkWriter<BuiltCandle> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(BuiltCandle element, Context ctx) {
                COUNT.incrementAndGet();
                CHECKSUM.addAndGet(CandleDigest.of(element));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
