package io.regimeflow.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.model.Candle;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.testkit.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;

class SimulatorSourceReaderTest {

    static final long START = SymbolSimulatorTest.START;

    static List<SimulatorSplit> splits(SimulatorSettings s) {
        List<SimulatorSplit> out = new ArrayList<>();
        for (int i = 0; i < s.symbols().size(); i++) {
            String symbol = s.symbols().get(i);
            out.add(new SimulatorSplit(symbol, i, SymbolSimulator.initialCursor(s, symbol)));
        }
        return out;
    }

    /** BTC/USDT from {@code start}, seed 1, without gaps or shocks. */
    static SimulatorSettings.Builder quiet(long start) {
        return SimulatorSettings.builder(List.of("BTC/USDT"), start).seed(1).gapProbability(0)
                .shocksPerDay(0);
    }

    static InputStatus drain(SimulatorSourceReader reader, CollectingReaderOutput out,
            int maxPolls) {
        InputStatus status = InputStatus.MORE_AVAILABLE;
        for (int i = 0; i < maxPolls && status == InputStatus.MORE_AVAILABLE; i++) {
            status = reader.pollNext(out);
        }
        return status;
    }

    @Test
    void boundedReaderEmitsEverySymbolsMinutesInterleavedThenEnds() {
        SimulatorSettings s = SymbolSimulatorTest.settings(1, 1, 0, 0.2);
        SimulatorSourceReader reader = new SimulatorSourceReader(new TestReaderContext(), s,
                System::currentTimeMillis);
        reader.start();
        reader.addSplits(splits(s));
        reader.notifyNoMoreSplits();
        CollectingReaderOutput out = new CollectingReaderOutput();

        assertThat(drain(reader, out, 100_000)).isEqualTo(InputStatus.END_OF_INPUT);

        List<Candle> candles = out.records.stream().map(MarketRecord::candle)
                .filter(c -> c != null).toList();
        assertThat(candles).hasSize(3 * 1440);
        // Symbols advance together: no symbol runs more than a minute ahead of another.
        for (int i = 0; i < candles.size(); i++) {
            assertThat(candles.get(i).openTime()).isEqualTo(START + (i / 3) * 60_000L);
        }
        assertThat(out.openSplits).containsExactlyInAnyOrder("simulator-BTC/USDT",
                "simulator-ETH/USDT", "simulator-SOL/USDT");
        assertThat(out.releasedSplits).isEqualTo(out.openSplits);
        for (int i = 0; i < out.records.size(); i++) {
            assertThat(out.timestamps.get(i)).isEqualTo(out.records.get(i).data().eventTime());
        }
    }

    @Test
    void restoringTheSnapshottedSplitsContinuesWithoutGapOrDuplicate() throws Exception {
        SimulatorSettings s = SymbolSimulatorTest.settings(2, 1, 0.01, 0.5);
        SimulatorSourceReader uninterrupted = new SimulatorSourceReader(new TestReaderContext(),
                s, System::currentTimeMillis);
        uninterrupted.addSplits(splits(s));
        uninterrupted.notifyNoMoreSplits();
        CollectingReaderOutput whole = new CollectingReaderOutput();
        drain(uninterrupted, whole, 100_000);

        SimulatorSourceReader before = new SimulatorSourceReader(new TestReaderContext(), s,
                System::currentTimeMillis);
        before.addSplits(splits(s));
        CollectingReaderOutput out = new CollectingReaderOutput();
        drain(before, out, 1003);
        List<SimulatorSplit> checkpoint = before.snapshotState(1L);
        int atCheckpoint = out.records.size();
        before.pollNext(out); // a whole minute emitted after the checkpoint: lost on failure
        before.pollNext(out);
        assertThat(out.records.size()).isGreaterThan(atCheckpoint);
        out.records.subList(atCheckpoint, out.records.size()).clear();

        // The checkpoint goes through the split serializer, as it does in Flink.
        SimulatorSplitSerializer ser = new SimulatorSplitSerializer();
        List<SimulatorSplit> restored = new ArrayList<>();
        for (SimulatorSplit split : checkpoint) {
            restored.add(ser.deserialize(ser.getVersion(), ser.serialize(split)));
        }
        SimulatorSourceReader after = new SimulatorSourceReader(new TestReaderContext(), s,
                System::currentTimeMillis);
        after.addSplits(restored);
        after.notifyNoMoreSplits();
        drain(after, out, 100_000);

        assertThat(out.records).containsExactlyInAnyOrderElementsOf(whole.records);
        assertThat(out.records).hasSameSizeAs(whole.records);
    }

    @Test
    void aReaderGivenBackASplitOfASymbolNoLongerConfiguredDropsIt() throws Exception {
        SimulatorSettings before = SymbolSimulatorTest.settings(1, 1, 0, 0);
        // A savepoint's SOL split, restored into a run that no longer has SOL.
        SimulatorSplit sol = splits(before).get(2);
        SimulatorSettings after = SimulatorSettings.builder(List.of("BTC/USDT", "ETH/USDT",
                "AVAX/USDT"), before.startMs())
                .seed(1)
                .endMs(before.endMs())
                .speed(Double.POSITIVE_INFINITY)
                .gapProbability(0)
                .shocksPerDay(0)
                .build();
        SimulatorSourceReader reader = new SimulatorSourceReader(new TestReaderContext(), after,
                System::currentTimeMillis);
        reader.addSplits(List.of(sol));
        assertThat(reader.snapshotState(1)).isEmpty();
    }

    @Test
    void unboundedReaderIsPacedToTheWallClockTimesTheSpeed() throws Exception {
        // speed 60: one simulated minute per wall-clock second.
        SimulatorSettings s = quiet(START).speed(60).build();
        AtomicLong now = new AtomicLong(1_000_000);
        SimulatorSourceReader reader = new SimulatorSourceReader(new TestReaderContext(), s,
                now::get);
        reader.start();
        reader.addSplits(splits(s));
        CollectingReaderOutput out = new CollectingReaderOutput();

        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(out.records).isEmpty();
        now.addAndGet(1000); // the first minute has closed
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(out.records.stream().filter(r -> r.candle() != null)).hasSize(1);
        now.addAndGet(10_000);
        drain(reader, out, 100);
        assertThat(out.records.stream().filter(r -> r.candle() != null)).hasSize(11);
        // The pacer wakes the task up when the next minute is due (the clock here is frozen,
        // but the scheduled wake-up uses real time: about one second).
        reader.isAvailable().get(Await.PATIENT.toSeconds(), TimeUnit.SECONDS);
        reader.close();
    }

    /**
     * A live run's warm-up (issue 16 item 5): the two days of history before paceFrom come at
     * once, with the wall clock frozen, and only then does the pace begin.
     */
    @Test
    void theWarmUpHistoryComesAtOnceThenThePace() throws Exception {
        long paceFrom = START + 2 * 1440 * 60_000L;
        SimulatorSettings s = quiet(START).speed(60).paceFromMs(paceFrom).build();
        AtomicLong now = new AtomicLong(1_000_000);
        SimulatorSourceReader reader = new SimulatorSourceReader(new TestReaderContext(), s,
                now::get);
        reader.start();
        reader.addSplits(splits(s));
        CollectingReaderOutput out = new CollectingReaderOutput();

        drain(reader, out, 10_000);
        assertThat(out.records.stream().filter(r -> r.candle() != null)).hasSize(2 * 1440);
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        now.addAndGet(1000); // the first paced minute has closed
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(out.records.stream().filter(r -> r.candle() != null)).hasSize(2 * 1440 + 1);
        reader.close();
    }

    @Test
    void boundedReaderWithAReplaySpeedIsPacedAndThenEnds() throws Exception {
        // Three minutes at 600x: one simulated minute per 100 ms of wall-clock time.
        SimulatorSettings s = quiet(START).endMs(START + 3 * 60_000L).speed(600).build();
        AtomicLong now = new AtomicLong(1_000_000);
        SimulatorSourceReader reader = new SimulatorSourceReader(new TestReaderContext(), s,
                now::get);
        reader.start();
        reader.addSplits(splits(s));
        reader.notifyNoMoreSplits();
        CollectingReaderOutput out = new CollectingReaderOutput();

        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        now.addAndGet(100);
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        now.addAndGet(200);
        drain(reader, out, 100);
        assertThat(out.records.stream().filter(r -> r.candle() != null)).hasSize(3);
        assertThat(reader.pollNext(out)).isEqualTo(InputStatus.END_OF_INPUT);
        reader.close();
    }

    @Test
    void anUnboundedRunCannotBeUnpaced() {
        assertThatThrownBy(() -> quiet(START).speed(Double.POSITIVE_INFINITY).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("speed = Infinity");
    }
}
