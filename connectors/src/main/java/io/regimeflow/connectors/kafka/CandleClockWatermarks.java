package io.regimeflow.connectors.kafka;

import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketRecord;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time of a Kafka partition driven by its closed candles, as the Binance source does with
 * its candle splits: the watermark trails the latest candle close by the allowed
 * out-of-orderness. Order books, funding and liquidations carry their timestamps but do not move
 * it: they are samples of the present, published as they happen, while a minute's candle comes
 * only after the minute closes (with the poll delay), so a liquidation seen a minute before its
 * candle would otherwise make that candle late. For the same reason idleness is judged by the
 * candles: a partition that has had no candle for the idleness period (wall-clock time) stops
 * holding back the others, however many other records it carries.
 */
final class CandleClockWatermarks implements WatermarkGenerator<MarketRecord> {

    private final long outOfOrdernessMs;
    private final long idlenessMs;
    private final LongSupplier clock;
    private long latestClose = Long.MIN_VALUE;
    private long lastCandleAtMs;

    CandleClockWatermarks(long outOfOrdernessMs, long idlenessMs, LongSupplier clock) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idlenessMs = idlenessMs;
        this.clock = clock;
        this.lastCandleAtMs = clock.getAsLong();
    }

    @Override
    public void onEvent(MarketRecord record, long timestamp, WatermarkOutput output) {
        if (record.data() instanceof Candle candle) {
            latestClose = Math.max(latestClose, candle.closeTime());
            lastCandleAtMs = clock.getAsLong();
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (clock.getAsLong() - lastCandleAtMs >= idlenessMs) {
            output.markIdle();
        } else if (latestClose != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(latestClose - outOfOrdernessMs));
        }
    }
}
