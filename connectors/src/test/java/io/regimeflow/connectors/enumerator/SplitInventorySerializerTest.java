package io.regimeflow.connectors.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeSplitSerializer;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The enumerator's checkpoint: version 2 (a universe's, with its roster) comes back as it was
 * written; a version 1 state (a fixed list's, or one written before universes) is read by both
 * serializers; version 1 never silently drops a roster.
 */
class SplitInventorySerializerTest {

    private static final long START = 1_769_904_000_000L;
    private static final long JOINED = START + 3_600_000L;

    private static final SplitInventory<ExchangeSplit> UNIVERSE = new SplitInventory<>(
            List.of(new ExchangeSplit("DOT/USDT", 3, ExchangeStream.KLINES, JOINED, JOINED),
                    new ExchangeSplit("DOT/USDT", 3, ExchangeStream.FUNDING, START - 1, -1),
                    new ExchangeSplit("DOT/USDT", 3, ExchangeStream.DEPTH, 0, -1)),
            Set.of("klines-ALGO/USDT", "klines-AVAX/USDT", "klines-DOT/USDT",
                    "funding-DOT/USDT", "depth-DOT/USDT"),
            new SymbolRoster(Map.of("ALGO/USDT", 0, "AVAX/USDT", 1, "DOT/USDT", 3),
                    Map.of("AVAX/USDT", "24h quote volume 12.5 USDT under the floor of "
                            + "1000000 — status BREAK")));

    @Test
    void aUniversesStateComesBackAsItWasWritten() throws IOException {
        SplitInventorySerializer<ExchangeSplit> ser =
                SplitInventorySerializer.withRoster(new ExchangeSplitSerializer());
        assertThat(ser.getVersion()).isEqualTo(2);
        SplitInventory<ExchangeSplit> back = ser.deserialize(2, ser.serialize(UNIVERSE));
        assertThat(back).isEqualTo(UNIVERSE);
        assertThat(back.roster().nextIndex()).isEqualTo(4);
        assertThat(back.pending().get(0).previous()).as("where the joined split began")
                .isEqualTo(JOINED);
        // Written again, the same bytes: nothing depends on the order of maps or sets.
        assertThat(ser.serialize(back)).isEqualTo(ser.serialize(UNIVERSE));
    }

    @Test
    void aFixedListsStateIsReadByBothWithAnEmptyRoster() throws IOException {
        SplitInventory<ExchangeSplit> list = new SplitInventory<>(UNIVERSE.pending(),
                UNIVERSE.known());
        SplitInventorySerializer<ExchangeSplit> v1 =
                new SplitInventorySerializer<>(new ExchangeSplitSerializer());
        assertThat(v1.getVersion()).isEqualTo(1);
        byte[] bytes = v1.serialize(list);
        assertThat(v1.deserialize(1, bytes)).isEqualTo(list);
        SplitInventory<ExchangeSplit> read = SplitInventorySerializer
                .withRoster(new ExchangeSplitSerializer()).deserialize(1, bytes);
        assertThat(read).isEqualTo(list);
        assertThat(read.roster()).isEqualTo(SymbolRoster.EMPTY);
    }

    @Test
    void version1RefusesARosterAndAnUnknownVersionIsRefused() {
        SplitInventorySerializer<ExchangeSplit> v1 =
                new SplitInventorySerializer<>(new ExchangeSplitSerializer());
        assertThatThrownBy(() -> v1.serialize(UNIVERSE)).isInstanceOf(IOException.class)
                .hasMessageContaining("withRoster");
        assertThatThrownBy(() -> v1.deserialize(3, new byte[0]))
                .isInstanceOf(IOException.class).hasMessageContaining("version 3");
    }
}
