package io.regimeflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MarketJsonTest {

    @Test
    void candleHasTheDocumentedShapeWithExactDecimalsAsStrings() throws Exception {
        JsonNode json = MarketJson.mapper().readTree(MarketJson.write(Samples.candle()));
        assertThat(json.get("type").asText()).isEqualTo("candle");
        assertThat(json.get("symbol").asText()).isEqualTo("BTC/USDT");
        assertThat(json.get("open_time").isIntegralNumber()).isTrue();
        assertThat(json.get("open_time").asLong()).isEqualTo(1710291600000L);
        assertThat(json.get("close").isTextual()).isTrue();
        assertThat(json.get("close").asText()).isEqualTo("71498.40000000");
        assertThat(json.get("quote_volume").asText()).isEqualTo("16857.1037148");
        assertThat(json.get("taker_buy_base").asText()).isEqualTo("0.11840000");
        assertThat(json.get("trades").asLong()).isEqualTo(41);
    }

    @Test
    void everyMarketRecordRoundTripsThroughItsJsonForm() {
        for (MarketData data : new MarketData[] {Samples.candle(), Samples.book(),
            Samples.funding(), Samples.liquidation()}) {
            String json = MarketJson.write(MarketRecord.of(data));
            assertThat(MarketJson.readMarketRecord(json).data()).isEqualTo(data);
        }
    }

    @Test
    void orderBookLevelsUseBinancesArrayForm() throws Exception {
        JsonNode json = MarketJson.mapper().readTree(MarketJson.write(Samples.book()));
        assertThat(json.get("type").asText()).isEqualTo("order_book");
        assertThat(json.get("bids").get(0).toString()).isEqualTo("[\"3950.10\",\"1.5\"]");
    }

    @Test
    void snapshotUsesTheSeedsFieldNamesAndKeepsNullParts() throws Exception {
        FeatureSnapshot s = Samples.snapshot();
        FeatureSnapshot partial = new FeatureSnapshot(s.timestamp(), s.symbol(), null, null,
                s.volatility(), null, null);
        JsonNode json = MarketJson.mapper().readTree(MarketJson.write(partial));
        assertThat(json.get("cascades").isNull()).isTrue();
        assertThat(json.get("volatility").get("vol_regime").asText()).isEqualTo("HIGH_VOL");
        assertThat(json.get("volatility").get("volatility_24h").asDouble()).isEqualTo(0.032);
        assertThat(json.get("volatility").get("vol_ratio").asDouble()).isEqualTo(2.13);

        JsonNode full = MarketJson.mapper().readTree(MarketJson.write(s));
        assertThat(full.get("regimes").get("1h_regime").asText()).isEqualTo("SPOT_IGNITION");
        assertThat(full.get("regimes").get("1w_regime").isNull()).isTrue();
        assertThat(full.get("cascades").get("velocity_usd_per_hour").asDouble()).isEqualTo(1e7);
        assertThat(full.get("cascades").get("support_levels").toString())
                .isEqualTo("[45000.0,44500.0]");
        assertThat(full.get("correlations").get("pairs").get(0).get("corr_7d").asDouble())
                .isEqualTo(0.15);
        assertThat(full.get("funding").get("z_score").asDouble()).isEqualTo(2.8);
        assertThat(MarketJson.read(MarketJson.write(s), FeatureSnapshot.class)).isEqualTo(s);
    }

    @Test
    void eventCarriesItsDataAsAnObjectAndReadsBack() throws Exception {
        MarketEvent e = Samples.event();
        String text = MarketJson.write(e);
        JsonNode json = MarketJson.mapper().readTree(text);
        assertThat(json.get("event_id").asText()).isEqualTo(e.eventId());
        assertThat(json.get("event_type").asText()).isEqualTo("LIQUIDATION_CASCADE");
        assertThat(json.get("data").get("severity").asInt()).isEqualTo(5);
        assertThat(MarketJson.read(text, MarketEvent.class)).isEqualTo(e);
    }

    @Test
    void builtCandleUsesBinanceIntervalLabels() throws Exception {
        JsonNode json = MarketJson.mapper().readTree(MarketJson.write(Samples.builtCandle()));
        assertThat(json.get("interval").asText()).isEqualTo("4h");
        assertThat(json.get("complete").asBoolean()).isFalse();
        assertThat(json.get("count").asInt()).isEqualTo(239);
        assertThat(MarketJson.read(json.toString(), BuiltCandle.class))
                .isEqualTo(Samples.builtCandle());
    }

    @Test
    void malformedJsonFailsWithOneClearLine() {
        assertThatThrownBy(() -> MarketJson.readMarketRecord("{\"type\":\"candle\",\"symbol\":"))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageStartingWith("malformed market record:")
                .message().doesNotContain("\n");
        assertThatThrownBy(() -> MarketJson.readMarketRecord("{\"type\":\"trade\"}"))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("trade");
    }

    @Test
    void nonNumericPriceIsRejectedNotParsedAsNaN() {
        String json = MarketJson.write(Samples.candle()).replace("\"71498.40000000\"", "\"NaN\"");
        assertThatThrownBy(() -> MarketJson.readMarketRecord(json))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldNamed() {
        String zeroClose = MarketJson.write(Samples.candle())
                .replace("\"71498.40000000\"", "\"0\"");
        assertThatThrownBy(() -> MarketJson.readMarketRecord(zeroClose))
                .hasMessage("invalid Candle: close 0 is not positive");
        String badSymbol = MarketJson.write(Samples.candle()).replace("BTC/USDT", "BTCUSDT");
        assertThatThrownBy(() -> MarketJson.readMarketRecord(badSymbol))
                .hasMessageContaining("'BTCUSDT' has no '/'");
    }
}
