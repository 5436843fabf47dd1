package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * Exactly one of the four raw market records. Sources emit this one type, so a single source (and
 * a single watermark per split) can carry every stream of a symbol; {@code MarketRecordRouter}
 * splits it into typed streams. It is a Flink POJO with a field per kind, so no interface type
 * ever reaches Flink's serializer stack (which would fall back to Kryo). Its JSON form is the JSON
 * form of the record it holds.
 */
public record MarketRecord(
        Candle candle, OrderBook orderBook, FundingSettlement funding, Liquidation liquidation) {

    /** Wraps one record. */
    @JsonCreator
    public static MarketRecord of(MarketData data) {
        Objects.requireNonNull(data, "market data");
        if (data instanceof Candle c) {
            return new MarketRecord(c, null, null, null);
        } else if (data instanceof OrderBook b) {
            return new MarketRecord(null, b, null, null);
        } else if (data instanceof FundingSettlement f) {
            return new MarketRecord(null, null, f, null);
        } else {
            return new MarketRecord(null, null, null, (Liquidation) data);
        }
    }

    /** The record held. */
    @JsonValue
    public MarketData data() {
        if (candle != null) {
            return candle;
        } else if (orderBook != null) {
            return orderBook;
        } else if (funding != null) {
            return funding;
        }
        return liquidation;
    }
}
