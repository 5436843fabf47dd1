package io.regimeflow.connectors.kafka;

import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time of a Kafka partition driven by its closed candles, as the Binance source does with
 * its candle splits: the watermark trails the latest candle close by the allowed
 * out-of-orderness. Order books, funding and liquidations carry their timestamps but do not move
 * it: they are samples of the present, published as they happen, while a minute's candle comes
 * only after the minute closes (with the poll delay), so a liquidation seen a minute before its
 * candle would otherwise make that candle late.
 */
final class CandleClockWatermarks implements WatermarkGenerator<MarketRecord> {

    private final long outOfOrdernessMs;
    private long latestClose = Long.MIN_VALUE;

    CandleClockWatermarks(long outOfOrdernessMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
    }

    @Override
    public void onEvent(MarketRecord record, long timestamp, WatermarkOutput output) {
        if (record.data() instanceof Candle candle) {
            latestClose = Math.max(latestClose, candle.closeTime());
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (latestClose != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(latestClose - outOfOrdernessMs));
        }
    }
}
