package io.regimeflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/json-formats.md are what the code reads and writes. */
class JsonFormatsDocTest {

    private static final Pattern EXAMPLE =
            Pattern.compile("<!-- record: (\\w+) -->\\s*```json\\s*(.*?)```", Pattern.DOTALL);

    @Test
    void everyDocumentedExampleReadsBackAndWritesOutUnchanged() throws Exception {
        String doc = Files.readString(Path.of("../docs/json-formats.md"));
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(doc);
        while (m.find()) {
            examples.put(m.group(1), m.group(2));
        }
        assertThat(examples.keySet()).containsExactly("Candle", "OrderBook",
                "FundingSettlement", "Liquidation", "BuiltCandle", "FeatureSnapshot",
                "HourlyPairCorrelation", "MarketEvent");
        for (Map.Entry<String, String> e : examples.entrySet()) {
            Class<?> type = Class.forName("io.regimeflow.model." + e.getKey());
            Object value = MarketData.class.isAssignableFrom(type)
                    ? MarketJson.readMarketRecord(e.getValue()).data()
                    : MarketJson.read(e.getValue(), type);
            assertThat(value).isInstanceOf(type);
            JsonNode documented = MarketJson.mapper().readTree(e.getValue());
            JsonNode written = MarketJson.mapper().readTree(MarketJson.write(value));
            assertThat(written).as(e.getKey()).isEqualTo(documented);
        }
    }
}
