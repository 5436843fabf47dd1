package io.regimeflow.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Candle;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.model.OrderSide;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** A partition's event time follows its candles, not the live records published ahead. */
class CandleClockWatermarksTest {

    static final long T0 = 1_704_067_200_000L;

    final List<Long> emitted = new ArrayList<>();
    final AtomicLong now = new AtomicLong();
    boolean idle;
    final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    };

    static MarketRecord candle(long openTime) {
        BigDecimal p = BigDecimal.TEN;
        return MarketRecord.of(new Candle("BTC/USDT", openTime, p, p, p, p, p, p, 1, p, p));
    }

    static MarketRecord liquidation(long time) {
        BigDecimal p = BigDecimal.TEN;
        return MarketRecord.of(new Liquidation("BTC/USDT", "binance-usdm", time, OrderSide.SELL,
                p, p, p));
    }

    @Test
    void liveRecordsAheadOfTheCandlesDoNotMoveTheWatermark() {
        CandleClockWatermarks w = new CandleClockWatermarks(5_000, 60_000, now::get);
        w.onPeriodicEmit(output);
        assertThat(emitted).isEmpty();

        w.onEvent(candle(T0), T0 + 59_999, output);
        // A liquidation 65 s later, published before the candle of its minute.
        w.onEvent(liquidation(T0 + 125_000), T0 + 125_000, output);
        w.onPeriodicEmit(output);
        w.onEvent(candle(T0 + 60_000), T0 + 119_999, output);
        w.onEvent(candle(T0), T0 + 59_999, output); // behind: does not move it back
        w.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(T0 + 54_999, T0 + 114_999);

        // Liquidations keep coming, candles stop: a minute later the partition is idle.
        now.set(30_000);
        w.onEvent(liquidation(T0 + 200_000), T0 + 200_000, output);
        w.onPeriodicEmit(output);
        assertThat(idle).isFalse();
        now.set(60_000);
        w.onEvent(liquidation(T0 + 230_000), T0 + 230_000, output);
        w.onPeriodicEmit(output);
        assertThat(idle).isTrue();
        assertThat(emitted).hasSize(3);
    }
}
