package io.regimeflow.connectors.simulator;

import io.regimeflow.connectors.enumerator.FixedOwnerEnumerator;
import io.regimeflow.connectors.enumerator.SplitInventory;
import io.regimeflow.connectors.enumerator.SplitInventorySerializer;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


class SimulatorEnumeratorTest {

    @Test
    void eachReaderGetsTheSymbolsItOwnsAndFailedSplitsReturnToTheirOwner() throws Exception {
        SimulatorSettings s = SymbolSimulatorTest.settings(1, 1, 0, 0);
        List<SimulatorSplit> splits = SimulatorSourceReaderTest.splits(s);
        try (MockSplitEnumeratorContext<SimulatorSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            FixedOwnerEnumerator<SimulatorSplit> enumerator = new FixedOwnerEnumerator<>(ctx,
                    splits, Set.copyOf(s.symbols()), SimulatorSplit::index);
            enumerator.start();
            ctx.registerReader(new ReaderInfo(1, "localhost"));
            enumerator.addReader(1);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(1);
            assertThat(ctx.getSplitsAssignmentSequence().get(0).assignment().get(1))
                    .extracting(SimulatorSplit::symbol).containsExactly("ETH/USDT");
            assertThat(enumerator.snapshotState(1).pending()).extracting(SimulatorSplit::symbol)
                    .containsExactly("BTC/USDT", "SOL/USDT");

            ctx.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            assertThat(ctx.getSplitsAssignmentSequence().get(1).assignment().get(0))
                    .extracting(SimulatorSplit::symbol)
                    .containsExactly("BTC/USDT", "SOL/USDT");
            assertThat(enumerator.snapshotState(2).pending()).isEmpty();

            // Reader 0 fails; its splits come back and go to its replacement.
            ctx.unregisterReader(0);
            enumerator.addSplitsBack(List.of(splits.get(0), splits.get(2)), 0);
            assertThat(enumerator.snapshotState(3).pending()).hasSize(2);
            ctx.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            assertThat(enumerator.snapshotState(4).pending()).isEmpty();
        }
    }

    @Test
    void splitsAndEnumeratorStateSurviveTheirSerializers() throws Exception {
        SimulatorSettings s = SymbolSimulatorTest.settings(1, 1, 0, 0);
        SimulatorSplit split = new SimulatorSplit("SOL/USDT", 2,
                new SimulatorCursor(1_704_067_260_000L, Math.log(101.37), -0.00012345));
        SimulatorSplitSerializer ser = new SimulatorSplitSerializer();
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(split))).isEqualTo(split);

        SplitInventory<SimulatorSplit> state = new SplitInventory<>(
                SimulatorSourceReaderTest.splits(s),
                Set.of("BTC/USDT", "ETH/USDT", "SOL/USDT", "DOGE/USDT"));
        SplitInventorySerializer<SimulatorSplit> es =
                new SplitInventorySerializer<>(new SimulatorSplitSerializer());
        assertThat(es.deserialize(es.getVersion(), es.serialize(state))).isEqualTo(state);
    }

    @Test
    void aRestoreWithChangedSymbolsStartsTheNewOnesAndDropsTheRemovedOnes() throws Exception {
        SimulatorSettings before = SymbolSimulatorTest.settings(1, 1, 0, 0);
        // The savepoint: ETH handed out already, BTC and SOL still pending.
        List<SimulatorSplit> all = SimulatorSourceReaderTest.splits(before);
        SplitInventory<SimulatorSplit> savepoint = new SplitInventory<>(
                List.of(all.get(0), all.get(2)),
                Set.copyOf(before.symbols()));
        SimulatorSettings after = SimulatorSettings.builder(List.of("BTC/USDT", "ETH/USDT",
                "AVAX/USDT"), before.startMs())
                .seed(1)
                .endMs(before.endMs())
                .speed(Double.POSITIVE_INFINITY)
                .gapProbability(0)
                .shocksPerDay(0)
                .build();
        try (MockSplitEnumeratorContext<SimulatorSplit> ctx = new MockSplitEnumeratorContext<>(1)) {
            var enumerator = new MarketSimulatorSource(after).restoreEnumerator(ctx, savepoint);
            assertThat(enumerator.snapshotState(1).pending()).extracting(SimulatorSplit::symbol)
                    .containsExactly("BTC/USDT", "AVAX/USDT");
            assertThat(enumerator.snapshotState(1).known())
                    .contains("AVAX/USDT", "ETH/USDT");
        }
        // A reader given back a split of a symbol no longer configured drops it.
        SimulatorSourceReader reader = new SimulatorSourceReader(new TestReaderContext(), after,
                System::currentTimeMillis);
        reader.addSplits(List.of(all.get(2)));
        assertThat(reader.snapshotState(1)).isEmpty();
    }
}
