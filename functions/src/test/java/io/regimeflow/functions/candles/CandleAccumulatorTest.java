package io.regimeflow.functions.candles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.model.BuiltCandle;
import io.regimeflow.model.Candle;
import io.regimeflow.model.Timeframe;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CandleAccumulatorTest {

    static final long HOUR = 1_704_096_000_000L; // 2024-01-01T08:00:00Z

    static Candle minute(int m, String o, String h, String l, String c, String vol) {
        return new Candle("BTC/USDT", HOUR + m * 60_000L, new BigDecimal(o), new BigDecimal(h),
                new BigDecimal(l), new BigDecimal(c), new BigDecimal(vol),
                new BigDecimal(vol).multiply(new BigDecimal(c)), 3, new BigDecimal("0.1"),
                new BigDecimal("10"));
    }

    @Test
    void openAndCloseFollowOpenTimeNotArrivalOrder() {
        CandleAccumulator acc = new CandleAccumulator();
        acc.add(minute(30, "102", "104", "101", "103", "1"));
        acc.add(minute(0, "100", "101", "99.5", "100.5", "2"));
        acc.add(minute(59, "103", "103.5", "98", "99", "0.5"));
        BuiltCandle c = acc.toBuiltCandle("BTC/USDT", Timeframe.H1, HOUR);
        assertThat(c.open()).isEqualByComparingTo("100");
        assertThat(c.close()).isEqualByComparingTo("99");
        assertThat(c.high()).isEqualByComparingTo("104");
        assertThat(c.low()).isEqualByComparingTo("98");
        assertThat(c.volume()).isEqualByComparingTo("3.5");
        assertThat(c.quoteVolume()).isEqualByComparingTo("353.5"); // 103 + 201 + 49.5
        assertThat(c.trades()).isEqualTo(9);
        assertThat(c.count()).isEqualTo(3);
        assertThat(c.complete()).isFalse();
        assertThat(c.openTime()).isEqualTo(HOUR);
        assertThat(c.closeTime()).isEqualTo(HOUR + 3_599_999L);
    }

    @Test
    void sixtyMinutesMakeACompleteHourAndMergeEqualsSequentialAdds() {
        CandleAccumulator all = new CandleAccumulator();
        CandleAccumulator firstHalf = new CandleAccumulator();
        CandleAccumulator secondHalf = new CandleAccumulator();
        for (int m = 0; m < 60; m++) {
            String p = Integer.toString(100 + m);
            Candle c = minute(m, p, p, p, p, "1");
            all.add(c);
            (m < 30 ? firstHalf : secondHalf).add(c);
        }
        BuiltCandle sequential = all.toBuiltCandle("BTC/USDT", Timeframe.H1, HOUR);
        BuiltCandle merged = secondHalf.merge(firstHalf).toBuiltCandle("BTC/USDT", Timeframe.H1,
                HOUR);
        assertThat(sequential.complete()).isTrue();
        assertThat(sequential.count()).isEqualTo(60);
        assertThat(merged).isEqualTo(sequential);
    }

    @Test
    void builtCandlesCarryTheirMinuteCountUpward() {
        CandleAccumulator fourHours = new CandleAccumulator();
        for (int h = 0; h < 4; h++) {
            CandleAccumulator hour = new CandleAccumulator();
            for (int m = 0; m < 60; m++) {
                if (h == 2 && m == 17) {
                    continue; // one exchange gap
                }
                hour.add(minute(h * 60 + m, "1", "1", "1", "1", "1"));
            }
            fourHours.add(hour.toBuiltCandle("BTC/USDT", Timeframe.H1, HOUR + h * 3_600_000L));
        }
        BuiltCandle c = fourHours.toBuiltCandle("BTC/USDT", Timeframe.H4, HOUR);
        assertThat(c.count()).isEqualTo(239);
        assertThat(c.complete()).isFalse();
    }

    @Test
    void anEmptyWindowIsAnErrorNotACandleOfNulls() {
        assertThatThrownBy(() -> new CandleAccumulator().toBuiltCandle("BTC/USDT", Timeframe.H1,
                HOUR)).isInstanceOf(IllegalStateException.class);
    }
}
