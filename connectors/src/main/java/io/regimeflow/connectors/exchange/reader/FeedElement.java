package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketRecord;
import org.apache.flink.annotation.Internal;

/**
 * What the fetch thread hands to the emitting thread for one split: a record to emit, or news of
 * the split's progress in event time (a watermark, or that it is idle). Progress travels in the
 * same queue as records, so a watermark never overtakes the records it covers.
 */
@Internal
public record FeedElement(MarketRecord record, long timestamp, long watermark, boolean idle) {

    static final long NO_WATERMARK = Long.MIN_VALUE;

    static FeedElement of(MarketData data) {
        return new FeedElement(MarketRecord.of(data), data.eventTime(), NO_WATERMARK, false);
    }

    /** The split will emit nothing at or before {@code time}. */
    static FeedElement watermark(long time) {
        return new FeedElement(null, 0, time, false);
    }

    /** The split must not hold back event time (its records are samples of the present). */
    static FeedElement idleness() {
        return new FeedElement(null, 0, NO_WATERMARK, true);
    }
}
