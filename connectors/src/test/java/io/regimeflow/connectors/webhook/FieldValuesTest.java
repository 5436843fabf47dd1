package io.regimeflow.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The data fields of chat messages are written for people; the JSON data stays as it is. */
class FieldValuesTest {

    static Map<String, String> fields(String data) {
        MarketEvent e = new MarketEvent("FUNDING_ANOMALY:SOL/USDT:1710288000000",
                EventType.FUNDING_ANOMALY, "SOL/USDT", Severity.WARNING, "t", "d",
                1710288000000L, data);
        List<EventFields.Field> all = EventFields.of(e);
        return all.stream().collect(Collectors.toMap(EventFields.Field::name,
                EventFields.Field::value));
    }

    @Test
    void fundingFieldsArePercentagesAndAZScoreToOneDecimal() {
        // Were "5.977E-5", "7.47125E-6", "-2.4134", "0.3333333333333333", "1710288000000".
        Map<String, String> f = fields("{\"funding_time\":1710288000000,\"venue\":"
                + "\"binance-usdm\",\"funding_rate\":5.977E-5,\"interval_hours\":8,"
                + "\"hourly_rate\":7.47125E-6,\"z_score\":-2.4134,\"is_anomaly\":true,"
                + "\"extreme_level\":\"LOW\",\"persistence_score\":0.3333333333333333,"
                + "\"reversal_probability\":0.5}");
        assertThat(f).containsEntry("funding_rate", "+0.0060%")
                .containsEntry("hourly_rate", "0.00075%/h")
                .containsEntry("z_score", "-2.4")
                .containsEntry("persistence_score", "33%")
                .containsEntry("reversal_probability", "50%")
                .containsEntry("funding_time", "2024-03-13 00:00 UTC")
                .containsEntry("interval_hours", "8")
                .containsEntry("is_anomaly", "yes")
                .containsEntry("extreme_level", "LOW");
    }

    @Test
    void volatilityAndCascadeFieldsArePercentagesAndUsd() {
        Map<String, String> v = fields("{\"time\":1710291599999,\"vol_regime\":\"EXTREME\","
                + "\"volatility_24h\":0.04987,\"volatility_mean\":0.019557,\"vol_ratio\":2.55,"
                + "\"clustering_probability\":0.78,\"predictability\":\"HIGH\","
                + "\"risk_multiplier\":2.5,\"reported_regime\":\"EXPLOSIVE\"}");
        assertThat(v).containsEntry("volatility_24h", "5.0%")
                .containsEntry("volatility_mean", "2.0%").containsEntry("vol_ratio", "2.55x")
                .containsEntry("risk_multiplier", "2.50x")
                .containsEntry("time", "2024-03-13 01:00 UTC")
                .containsEntry("reported_regime", "EXPLOSIVE");
        Map<String, String> c = fields("{\"window_end\":1710291600000,"
                + "\"total_liquidation_usd\":2500000.0,\"velocity_usd_per_hour\":1.0E7,"
                + "\"severity\":5,\"liquidation_count\":42,\"odd_number\":1.23456789E-7}");
        assertThat(c).containsEntry("total_liquidation_usd", "2.50M USD")
                .containsEntry("velocity_usd_per_hour", "10.00M USD/h")
                .containsEntry("severity", "5").containsEntry("liquidation_count", "42")
                .containsEntry("odd_number", "0.0000001235");
    }
}
