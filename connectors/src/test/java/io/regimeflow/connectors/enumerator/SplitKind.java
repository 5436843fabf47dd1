package io.regimeflow.connectors.enumerator;

import io.regimeflow.connectors.exchange.ExchangeSource;
import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeSplitSerializer;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.connectors.simulator.MarketSimulatorSource;
import io.regimeflow.connectors.simulator.SimulatorCursor;
import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.connectors.simulator.SimulatorSplit;
import io.regimeflow.connectors.simulator.SimulatorSplitSerializer;
import io.regimeflow.connectors.simulator.SymbolSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One of the split types {@link FixedOwnerEnumerator} serves, as its source makes and restores
 * them: the simulator's (one split per symbol, known by its symbol) and the exchange source's
 * (one per symbol and stream, known by its split id; here candles only, one per symbol).
 */
abstract class SplitKind<S extends SourceSplit> {

    static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;

    private final String name;
    private final Function<S, String> symbol;
    private final ToIntFunction<S> index;
    private final Function<S, String> key;
    private final Supplier<SimpleVersionedSerializer<S>> serializer;

    /**
     * @param key what identifies a split across restarts
     * @param serializer the source's split serializer
     */
    SplitKind(String name, Function<S, String> symbol, ToIntFunction<S> index,
            Function<S, String> key, Supplier<SimpleVersionedSerializer<S>> serializer) {
        this.name = name;
        this.symbol = symbol;
        this.index = index;
        this.key = key;
        this.serializer = serializer;
    }

    static List<SplitKind<?>> all() {
        return List.of(new Simulator(), new Exchange());
    }

    /** The splits of {@code symbols} at their start, each symbol's index its position. */
    abstract List<S> splits(List<String> symbols);

    /** {@code split} moved on from its start, as a reader snapshots it. */
    abstract S advanced(S split);

    /** The source of {@code symbols}'s enumerator restored from {@code checkpoint}. */
    abstract SplitEnumerator<S, SplitInventory<S>> restore(SplitEnumeratorContext<S> context,
            List<String> symbols, SplitInventory<S> checkpoint);

    String symbol(S split) {
        return symbol.apply(split);
    }

    int index(S split) {
        return index.applyAsInt(split);
    }

    String key(S split) {
        return key.apply(split);
    }

    SimpleVersionedSerializer<S> serializer() {
        return serializer.get();
    }

    @Override
    public String toString() {
        return name;
    }

    /** The keys of the splits of {@code symbols}. */
    Set<String> keys(List<String> symbols) {
        Set<String> keys = new TreeSet<>();
        splits(symbols).forEach(s -> keys.add(key(s)));
        return keys;
    }

    /** The key of the split of {@code symbol}. */
    String keyOf(String symbol) {
        return key(splits(List.of(symbol)).get(0));
    }

    static final class Simulator extends SplitKind<SimulatorSplit> {

        Simulator() {
            super("simulator splits", SimulatorSplit::symbol, SimulatorSplit::index,
                    SimulatorSplit::symbol, SimulatorSplitSerializer::new);
        }

        private static SimulatorSettings settings(List<String> symbols) {
            return SimulatorSettings.builder(symbols, START).seed(1).endMs(START + DAY)
                    .speed(Double.POSITIVE_INFINITY).gapProbability(0).shocksPerDay(0).build();
        }

        @Override
        List<SimulatorSplit> splits(List<String> symbols) {
            SimulatorSettings s = settings(symbols);
            List<SimulatorSplit> out = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                out.add(new SimulatorSplit(symbols.get(i), i,
                        SymbolSimulator.initialCursor(s, symbols.get(i))));
            }
            return out;
        }

        @Override
        SimulatorSplit advanced(SimulatorSplit split) {
            return new SimulatorSplit(split.symbol(), split.index(),
                    new SimulatorCursor(1_704_067_260_000L, Math.log(101.37), -0.00012345));
        }

        @Override
        SplitEnumerator<SimulatorSplit, SplitInventory<SimulatorSplit>> restore(
                SplitEnumeratorContext<SimulatorSplit> context, List<String> symbols,
                SplitInventory<SimulatorSplit> checkpoint) {
            return new MarketSimulatorSource(settings(symbols)).restoreEnumerator(context,
                    checkpoint);
        }
    }

    static final class Exchange extends SplitKind<ExchangeSplit> {

        Exchange() {
            super("exchange splits", ExchangeSplit::symbol, ExchangeSplit::index,
                    ExchangeSplit::splitId, ExchangeSplitSerializer::new);
        }

        @Override
        List<ExchangeSplit> splits(List<String> symbols) {
            List<ExchangeSplit> out = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                out.add(new ExchangeSplit(symbols.get(i), i, ExchangeStream.KLINES, START, -1));
            }
            return out;
        }

        @Override
        ExchangeSplit advanced(ExchangeSplit split) {
            return split.at(1_704_067_260_000L, 1_704_067_200_000L);
        }

        @Override
        SplitEnumerator<ExchangeSplit, SplitInventory<ExchangeSplit>> restore(
                SplitEnumeratorContext<ExchangeSplit> context, List<String> symbols,
                SplitInventory<ExchangeSplit> checkpoint) {
            ExchangeSourceSettings settings = ExchangeSourceSettings.builder(symbols, START)
                    .streams(false, false, false).build();
            return new ExchangeSource(settings).restoreEnumerator(context, checkpoint);
        }
    }
}
