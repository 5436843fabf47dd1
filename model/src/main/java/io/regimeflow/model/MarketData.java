package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One raw market record as a source emits it. Its JSON form carries a {@code type} property
 * ({@code candle}, {@code order_book}, {@code funding}, {@code liquidation}) so that a mixed
 * stream (a Kafka topic, a file) can be read back without knowing the kind in advance.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Candle.class, name = "candle"),
    @JsonSubTypes.Type(value = OrderBook.class, name = "order_book"),
    @JsonSubTypes.Type(value = FundingSettlement.class, name = "funding"),
    @JsonSubTypes.Type(value = Liquidation.class, name = "liquidation")
})
public sealed interface MarketData permits Candle, OrderBook, FundingSettlement, Liquidation {

    /** The symbol in {@code BASE/QUOTE} form. */
    String symbol();

    /** The event time of this record in UTC epoch milliseconds, used for watermarks. */
    long eventTime();
}
