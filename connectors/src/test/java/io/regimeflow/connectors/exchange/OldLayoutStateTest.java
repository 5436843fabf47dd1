package io.regimeflow.connectors.exchange;

import io.regimeflow.connectors.enumerator.SplitInventory;
import io.regimeflow.connectors.enumerator.SplitInventorySerializer;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeSplitSerializer;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint taken before the exchange source left the package {@code connectors.binance}
 * restores after it: FLIP-27 state holds the bytes of the split and enumerator serializers, with
 * their versions, never class names, so those bytes are what must not change.
 *
 * <p>The files in {@code src/test/resources/exchange/old-layout/} were written by the code of
 * commit bb55562 (the last of the old layout: {@code BinanceSplitSerializer} and
 * {@code connectors.source.SplitInventorySerializer}), each as Flink writes split and enumerator
 * state ({@link SimpleVersionedSerialization#writeVersionAndSerialize}); how, is in the README
 * there. They are read here by the new serializers, and written again to the same bytes.
 */
class OldLayoutStateTest {

    private static final ExchangeSplit KLINES = new ExchangeSplit("BTC/USDT", 0,
            ExchangeStream.KLINES, 1_700_000_040_000L, -1);
    private static final ExchangeSplit FUNDING = new ExchangeSplit("ETH/USDT", 1,
            ExchangeStream.FUNDING, 1_699_992_000_000L, 1_699_963_200_000L);
    private static final ExchangeSplit DEPTH = new ExchangeSplit("SHIB/USDT", 2,
            ExchangeStream.DEPTH, 1_700_000_012_345L, -1);
    private static final ExchangeSplit LIQUIDATIONS = new ExchangeSplit("BTC/USDT", 0,
            ExchangeStream.LIQUIDATIONS, 0, -1);

    @Test
    void splitsOfTheOldLayoutReadBackEqualAndKeepTheirIds() throws IOException {
        ExchangeSplitSerializer serializer = new ExchangeSplitSerializer();
        for (ExchangeSplit expected : List.of(KLINES, FUNDING, DEPTH, LIQUIDATIONS)) {
            byte[] old = bytes(expected.splitId().replace('/', '_') + ".split");
            ExchangeSplit read = SimpleVersionedSerialization.readVersionAndDeSerialize(
                    serializer, old);
            assertThat(read).isEqualTo(expected);
            assertThat(SimpleVersionedSerialization.writeVersionAndSerialize(serializer, read))
                    .isEqualTo(old);
        }
        assertThat(List.of(KLINES, FUNDING, DEPTH, LIQUIDATIONS)).extracting(ExchangeSplit::splitId)
                .containsExactly("klines-BTC/USDT", "funding-ETH/USDT", "depth-SHIB/USDT",
                        "liquidations-BTC/USDT");
    }

    @Test
    void theOldEnumeratorCheckpointReadsBackEqual() throws IOException {
        SplitInventorySerializer<ExchangeSplit> serializer =
                new SplitInventorySerializer<>(new ExchangeSplitSerializer());
        byte[] old = bytes("enumerator.checkpoint");
        SplitInventory<ExchangeSplit> read =
                SimpleVersionedSerialization.readVersionAndDeSerialize(serializer, old);
        assertThat(read).isEqualTo(new SplitInventory<>(List.of(FUNDING, DEPTH),
                Set.of("klines-BTC/USDT", "funding-ETH/USDT", "depth-SHIB/USDT",
                        "liquidations-BTC/USDT")));
        assertThat(SimpleVersionedSerialization.writeVersionAndSerialize(serializer, read))
                .isEqualTo(old);
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = OldLayoutStateTest.class.getResourceAsStream(
                "/exchange/old-layout/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
