package io.regimeflow.connectors.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The enumerator and its checkpoint serializer, each case against both split types it serves
 * ({@link SplitKind}): the simulator's and the exchange source's.
 */
class FixedOwnerEnumeratorTest {

    private static final List<String> SYMBOLS = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT");

    static Stream<SplitKind<?>> kinds() {
        return SplitKind.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S extends SourceSplit> void eachReaderGetsTheSymbolsItOwnsAndFailedSplitsReturnToTheirOwner(
            SplitKind<S> kind) throws Exception {
        List<S> splits = kind.splits(SYMBOLS);
        try (MockSplitEnumeratorContext<S> ctx = new MockSplitEnumeratorContext<>(2)) {
            FixedOwnerEnumerator<S> enumerator = new FixedOwnerEnumerator<>(ctx, splits,
                    kind.keys(SYMBOLS), kind::index);
            enumerator.start();
            ctx.registerReader(new ReaderInfo(1, "localhost"));
            enumerator.addReader(1);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(1);
            assertThat(ctx.getSplitsAssignmentSequence().get(0).assignment().get(1))
                    .extracting(kind::symbol).containsExactly("ETH/USDT");
            assertThat(enumerator.snapshotState(1).pending()).extracting(kind::symbol)
                    .containsExactly("BTC/USDT", "SOL/USDT");

            ctx.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            assertThat(ctx.getSplitsAssignmentSequence().get(1).assignment().get(0))
                    .extracting(kind::symbol)
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S extends SourceSplit> void splitsAndEnumeratorStateSurviveTheirSerializers(
            SplitKind<S> kind) throws Exception {
        S split = kind.advanced(kind.splits(SYMBOLS).get(2));
        assertThat(split).isNotEqualTo(kind.splits(SYMBOLS).get(2));
        SimpleVersionedSerializer<S> ser = kind.serializer();
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(split))).isEqualTo(split);

        SplitInventory<S> state = new SplitInventory<>(kind.splits(SYMBOLS),
                kind.keys(List.of("BTC/USDT", "ETH/USDT", "SOL/USDT", "DOGE/USDT")));
        SplitInventorySerializer<S> es = new SplitInventorySerializer<>(kind.serializer());
        assertThat(es.deserialize(es.getVersion(), es.serialize(state))).isEqualTo(state);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S extends SourceSplit> void aRestoreWithChangedSymbolsStartsTheNewOnesAndDropsTheRemovedOnes(
            SplitKind<S> kind) throws Exception {
        // The savepoint: ETH handed out already, BTC and SOL still pending.
        List<S> all = kind.splits(SYMBOLS);
        SplitInventory<S> savepoint = new SplitInventory<>(List.of(all.get(0), all.get(2)),
                kind.keys(SYMBOLS));
        try (MockSplitEnumeratorContext<S> ctx = new MockSplitEnumeratorContext<>(1)) {
            SplitEnumerator<S, SplitInventory<S>> enumerator = kind.restore(ctx,
                    List.of("BTC/USDT", "ETH/USDT", "AVAX/USDT"), savepoint);
            assertThat(enumerator.snapshotState(1).pending()).extracting(kind::symbol)
                    .containsExactly("BTC/USDT", "AVAX/USDT");
            assertThat(enumerator.snapshotState(1).known())
                    .contains(kind.keyOf("AVAX/USDT"), kind.keyOf("ETH/USDT"));
        }
    }
}
