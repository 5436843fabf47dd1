package io.regimeflow.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.MarketRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

/** Messages that are not records are skipped and counted; records pass unchanged. */
class MarketRecordDeserializerTest {

    final SimpleCounter malformed = new SimpleCounter();
    final List<MarketRecord> out = new ArrayList<>();
    final Collector<MarketRecord> collector = new Collector<>() {
        @Override
        public void collect(MarketRecord record) {
            out.add(record);
        }

        @Override
        public void close() {}
    };

    MarketRecordDeserializer opened() {
        MarketRecordDeserializer d = new MarketRecordDeserializer();
        d.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup() {
                    @Override
                    public Counter counter(String name) {
                        assertThat(name).isEqualTo("malformedMessages");
                        return malformed;
                    }
                };
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
            }
        });
        return d;
    }

    @Test
    void aRecordRoundTripsExactlyAndBadMessagesAreCounted() {
        MarketRecordDeserializer d = opened();
        BigDecimal p = new BigDecimal("42000.10");
        MarketRecord candle = MarketRecord.of(new Candle("BTC/USDT", 1_704_067_200_000L, p, p, p,
                p, new BigDecimal("0.00100"), p, 7, BigDecimal.ZERO, BigDecimal.ZERO));
        d.deserialize(MarketJson.writeBytes(candle), collector);
        d.deserialize("not json".getBytes(StandardCharsets.UTF_8), collector);
        d.deserialize("{\"type\":\"candle\",\"symbol\":\"BTC/USDT\"}"
                .getBytes(StandardCharsets.UTF_8), collector);
        d.deserialize(new String(MarketJson.writeBytes(candle), StandardCharsets.UTF_8)
                .replace("\"42000.10\"", "\"NaN\"").getBytes(StandardCharsets.UTF_8), collector);
        d.deserialize(null, collector);
        assertThat(out).containsExactly(candle);
        assertThat(out.get(0).candle().volume().toPlainString()).isEqualTo("0.00100");
        assertThat(malformed.getCount()).isEqualTo(4);
    }
}
