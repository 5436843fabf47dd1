package io.regimeflow.connectors.simulator;

import io.regimeflow.model.MarketRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulations of the symbols assigned to this subtask. Each poll emits one minute of the
 * symbol that is furthest behind, so the symbols advance together in event time; each split has
 * its own {@link SourceOutput}, so watermarks are generated per symbol. Paced runs (unbounded,
 * or bounded with a replay speed) emit a minute once the wall clock, scaled by the speed factor,
 * has reached its close; after a restore the pace starts again from the restored minute.
 */
public final class SimulatorSourceReader implements SourceReader<MarketRecord, SimulatorSplit> {
    private static final Logger LOG =
            LoggerFactory.getLogger(SimulatorSourceReader.class);

    private final SourceReaderContext context;
    private final SimulatorSettings settings;
    private final LongSupplier clock;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private ScheduledExecutorService pacer;
    private CompletableFuture<Void> availability = new CompletableFuture<>();
    private boolean noMoreSplits;
    /** Pacing: simulated time {@code simOrigin} corresponds to wall time {@code wallOrigin}. */
    private long simOrigin = Long.MIN_VALUE;
    private long wallOrigin;

    private static final class Run {
        final SimulatorSplit split;
        final SymbolSimulator simulator;
        final Counter emitted;
        SourceOutput<MarketRecord> output;

        Run(SimulatorSplit split, SymbolSimulator simulator, Counter emitted) {
            this.split = split;
            this.simulator = simulator;
            this.emitted = emitted;
        }
    }

    public SimulatorSourceReader(SourceReaderContext context, SimulatorSettings settings,
            LongSupplier clock) {
        this.context = context;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (settings.paced()) {
            pacer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "simulator-pacer-" + context.getIndexOfSubtask());
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<MarketRecord> output) {
        Run next = null;
        List<String> done = new ArrayList<>();
        for (Run run : runs.values()) {
            if (run.simulator.finished()) {
                done.add(run.split.splitId());
            } else if (next == null
                    || run.simulator.nextOpenTime() < next.simulator.nextOpenTime()) {
                next = run;
            }
        }
        for (String id : done) {
            output.releaseOutputForSplit(id);
            runs.remove(id);
        }
        if (next == null) {
            return noMoreSplits ? InputStatus.END_OF_INPUT : waitForMore();
        }
        if (settings.paced()) {
            long due = dueWallTime(next.simulator.nextOpenTime());
            long now = clock.getAsLong();
            if (due > now) {
                return waitUntil(due - now);
            }
        }
        if (next.output == null) {
            next.output = output.createOutputForSplit(next.split.splitId());
        }
        SourceOutput<MarketRecord> out = next.output;
        Counter emitted = next.emitted;
        next.simulator.emitNextMinute(data -> {
            out.collect(MarketRecord.of(data), data.eventTime());
            emitted.inc();
        });
        return InputStatus.MORE_AVAILABLE;
    }

    /** The wall-clock time at which the minute opening at {@code openTime} has closed. */
    private long dueWallTime(long openTime) {
        long closeTime = openTime + 60_000L;
        Long paceFrom = settings.paceFromMs();
        if (paceFrom != null && openTime < paceFrom) {
            return Long.MIN_VALUE; // warm-up history: as fast as it can
        }
        if (simOrigin == Long.MIN_VALUE) {
            simOrigin = openTime;
            wallOrigin = clock.getAsLong();
        }
        return wallOrigin + (long) Math.ceil((closeTime - simOrigin) / settings.speed());
    }

    private InputStatus waitUntil(long delayMs) {
        CompletableFuture<Void> f = freshAvailability();
        pacer.schedule(() -> f.complete(null), delayMs, TimeUnit.MILLISECONDS);
        return InputStatus.NOTHING_AVAILABLE;
    }

    private InputStatus waitForMore() {
        freshAvailability();
        return InputStatus.NOTHING_AVAILABLE;
    }

    private CompletableFuture<Void> freshAvailability() {
        if (availability.isDone()) {
            availability = new CompletableFuture<>();
        }
        return availability;
    }

    @Override
    public List<SimulatorSplit> snapshotState(long checkpointId) {
        List<SimulatorSplit> state = new ArrayList<>(runs.size());
        for (Run run : runs.values()) {
            state.add(new SimulatorSplit(run.split.symbol(), run.split.index(),
                    run.simulator.cursor()));
        }
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return availability;
    }

    @Override
    public void addSplits(List<SimulatorSplit> splits) {
        for (SimulatorSplit split : splits) {
            if (!settings.symbols().contains(split.symbol())) {
                // Restored from a savepoint taken while the symbol was still configured.
                LOG.info("{} is no longer configured; its restored split is dropped",
                        split.symbol());
                continue;
            }
            // Records per split: the "records in per source split" a data engineer watches.
            Counter emitted = context.metricGroup().addGroup("split", split.splitId())
                    .counter("recordsEmitted");
            runs.put(split.splitId(), new Run(split,
                    new SymbolSimulator(settings, split.symbol(), split.cursor()), emitted));
        }
        availability.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        availability.complete(null);
    }

    @Override
    public void close() {
        if (pacer != null) {
            pacer.shutdownNow();
        }
    }
}
