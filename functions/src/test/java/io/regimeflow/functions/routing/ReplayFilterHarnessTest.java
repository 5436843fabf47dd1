package io.regimeflow.functions.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.OrderSide;
import io.regimeflow.model.PriceLevel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** An at-least-once input's repeats are dropped; nothing else is, across a restore too. */
class ReplayFilterHarnessTest {

    static final long T0 = 1_704_067_200_000L;
    static final long M = 60_000L;

    static Candle candle(String symbol, int minute) {
        BigDecimal p = new BigDecimal("100.5");
        return new Candle(symbol, T0 + minute * M, p, p, p, p, BigDecimal.ONE, p, 3,
                BigDecimal.ONE, p);
    }

    static Liquidation liquidation(long time, String qty) {
        return new Liquidation("BTC/USDT", "binance-usdm", time, OrderSide.SELL,
                new BigDecimal("100"), new BigDecimal("99.5"), new BigDecimal(qty));
    }

    static KeyedOneInputStreamOperatorTestHarness<String, MarketRecord, MarketRecord> harness()
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, MarketRecord, MarketRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                        new ReplayFilter()), r -> r.data().symbol(), Types.STRING);
        ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        return h;
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, MarketRecord, MarketRecord> h,
            MarketData... data) throws Exception {
        for (MarketData d : data) {
            h.processElement(new StreamRecord<>(MarketRecord.of(d), d.eventTime()));
        }
    }

    static List<MarketData> passed(
            KeyedOneInputStreamOperatorTestHarness<String, MarketRecord, MarketRecord> h) {
        List<MarketData> out = new ArrayList<>();
        h.extractOutputValues().forEach(r -> out.add(r.data()));
        return out;
    }

    @Test
    void aResentStretchIsDroppedPerKindAndPerSymbol() throws Exception {
        OrderBook book = new OrderBook("BTC/USDT", T0 + 90_000, new PriceLevel[] {
            new PriceLevel(new BigDecimal("100"), BigDecimal.ONE)}, new PriceLevel[] {
            new PriceLevel(new BigDecimal("101"), BigDecimal.ONE)});
        FundingSettlement funding = new FundingSettlement("BTC/USDT", "binance-usdm", T0,
                new BigDecimal("0.0001"), 8, new BigDecimal("100"));
        try (var h = harness()) {
            h.open();
            send(h, candle("BTC/USDT", 0), funding, candle("BTC/USDT", 1), book,
                    candle("ETH/USDT", 0), candle("BTC/USDT", 2));
            // The producer resends from minute 1; ETH's first candle is new for ETH.
            send(h, candle("BTC/USDT", 1), book, candle("BTC/USDT", 2), funding,
                    candle("BTC/USDT", 3), candle("ETH/USDT", 1));
            assertThat(passed(h)).containsExactly(candle("BTC/USDT", 0), funding,
                    candle("BTC/USDT", 1), book, candle("ETH/USDT", 0), candle("BTC/USDT", 2),
                    candle("BTC/USDT", 3), candle("ETH/USDT", 1));
        }
    }

    @Test
    void liquidationsSharingAMillisecondAreKeptUnlessIdenticalEvenAfterARestore()
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            send(h, liquidation(T0, "1"), liquidation(T0 + 5, "2"), liquidation(T0 + 5, "3"));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            send(h, liquidation(T0 + 5, "2"), liquidation(T0 + 5, "4"), liquidation(T0, "1"),
                    liquidation(T0 + 5, "3"), liquidation(T0 + 6, "2"), candle("BTC/USDT", 0));
            assertThat(passed(h)).containsExactly(liquidation(T0 + 5, "4"),
                    liquidation(T0 + 6, "2"), candle("BTC/USDT", 0));
        }
    }
}
