package io.regimeflow.bench;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Counts and fingerprints one output of the job. The benchmark's mini-cluster runs in the same
 * JVM, so the writers add into static totals, by output name, that the benchmark reads after.
 */
final class DigestSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** A serializable digest. */
    interface Digest<T> extends ToLongFunction<T>, Serializable {}

    static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> CHECKSUMS = new ConcurrentHashMap<>();

    private final String name;
    private final Digest<T> digest;

    DigestSink(String name, Digest<T> digest) {
        this.name = name;
        this.digest = digest;
    }

    /** Forgets the totals of an earlier run in this JVM (the warm-up's). */
    static void reset() {
        COUNTS.clear();
        CHECKSUMS.clear();
    }

    static long count(String name) {
        return COUNTS.getOrDefault(name, new AtomicLong()).get();
    }

    static long checksum(String name) {
        return CHECKSUMS.getOrDefault(name, new AtomicLong()).get();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        AtomicLong count = COUNTS.computeIfAbsent(name, k -> new AtomicLong());
        AtomicLong sum = CHECKSUMS.computeIfAbsent(name, k -> new AtomicLong());
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                count.incrementAndGet();
                sum.addAndGet(digest.applyAsLong(element));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
