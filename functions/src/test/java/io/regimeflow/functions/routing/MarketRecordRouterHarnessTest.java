package io.regimeflow.functions.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.Liquidation;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.model.OrderBook;
import io.regimeflow.model.OrderSide;
import io.regimeflow.model.PriceLevel;
import java.math.BigDecimal;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Each kind of record leaves on its own output; an invalid one leaves on none. */
class MarketRecordRouterHarnessTest {

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    static Candle candle(String low) {
        return new Candle("BTC/USDT", 1710291600000L, d("71414.35"), d("71587.66"), d(low),
                d("71498.40"), d("0.23603"), d("16857.1037148"), 41, d("0.1184"),
                d("8460.7218563"));
    }

    static final OrderBook BOOK = new OrderBook("ETH/USDT", 1710291659999L,
            new PriceLevel[] {new PriceLevel(d("3950.10"), d("1.5"))},
            new PriceLevel[] {new PriceLevel(d("3950.50"), d("2.25"))});
    static final FundingSettlement FUNDING = new FundingSettlement("BTC/USDT", "binance-usdm",
            1710288000000L, d("0.0001"), 8, d("71400.12"));
    static final Liquidation LIQUIDATION = new Liquidation("SOL/USDT", "binance-usdm",
            1710291612345L, OrderSide.SELL, d("148.10"), d("148.25"), d("12.5"));

    @Test
    void recordsAreSplitByKindAndInvalidOnesDropped() throws Exception {
        try (OneInputStreamOperatorTestHarness<MarketRecord, Candle> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new MarketRecordRouter())) {
            Candle good = candle("71280.09");
            h.processElement(new StreamRecord<>(MarketRecord.of(good), good.eventTime()));
            h.processElement(new StreamRecord<>(MarketRecord.of(BOOK), BOOK.eventTime()));
            h.processElement(new StreamRecord<>(MarketRecord.of(FUNDING), FUNDING.eventTime()));
            h.processElement(new StreamRecord<>(MarketRecord.of(LIQUIDATION),
                    LIQUIDATION.eventTime()));
            // Low above high: invalid, on no output.
            Candle bad = candle("72000.00");
            h.processElement(new StreamRecord<>(MarketRecord.of(bad), bad.eventTime()));

            assertThat(h.extractOutputValues()).containsExactly(good);
            // An order book holds arrays: compared by content, not by record equality.
            assertThat(h.getSideOutput(MarketRecordRouter.ORDER_BOOKS))
                    .extracting(StreamRecord::getValue)
                    .usingRecursiveFieldByFieldElementComparator().containsExactly(BOOK);
            assertThat(h.getSideOutput(MarketRecordRouter.FUNDING))
                    .extracting(StreamRecord::getValue).containsExactly(FUNDING);
            assertThat(h.getSideOutput(MarketRecordRouter.LIQUIDATIONS))
                    .extracting(StreamRecord::getValue).containsExactly(LIQUIDATION);
        }
    }
}
