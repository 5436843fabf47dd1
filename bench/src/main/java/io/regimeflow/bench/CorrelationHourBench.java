package io.regimeflow.bench;

import io.regimeflow.functions.correlation.CorrelationSettings;
import io.regimeflow.functions.correlation.CorrelationSummary;
import io.regimeflow.functions.correlation.PairCorrelationCalculator;
import io.regimeflow.functions.correlation.PairState;
import io.regimeflow.model.CorrelationFeatures;
import io.regimeflow.model.PairCorrelation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One market hour of the correlation engine for N symbols, with the pure calculators and no
 * Flink ({@code bench/jmh CorrelationHourBench}): every pair of the universe starts warm (720
 * aligned hourly returns, fed through the calculator in the set-up) and each operation is the
 * next hour.
 *
 * <ul>
 *   <li>{@code hour}: what the job computes per hour: every pair's update
 *       ({@link PairCorrelationCalculator#onAligned}), the pairs sorted by name as the gather
 *       sorts them, and every symbol's correlation part ({@link CorrelationSummary#of}).
 *   <li>{@code pairUpdates}: the pair updates alone.
 *   <li>{@code summary}: the sort and {@link CorrelationSummary#of} alone, on one hour's pairs.
 * </ul>
 *
 * <p>Returns are synthetic: a market factor, a lagged factor for every fifth symbol (so that
 * lead/lag and breaks happen) and noise, cycled over 1,024 precomputed hours.
 *
 * <p>Besides JMH's wall-clock score, each iteration prints the benchmark thread's own CPU time
 * per operation ({@code cpu ... ms/op}), and the trial its mean over the measurement iterations:
 * on a shared machine the wall clock also counts the time other processes held the core. Neither
 * counts the GC threads: add {@code -prof gc} for the allocation per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Xms6g"})
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 3)
public class CorrelationHourBench {

    private static final long HOUR = 3_600_000L;
    private static final int HOURS = 1024;

    @Param({"200", "500"})
    public int symbols;

    private final CorrelationSettings settings = CorrelationSettings.defaults();
    private final PairCorrelationCalculator calculator = new PairCorrelationCalculator(settings);
    private List<String> universe;
    private String[] names;
    private PairState[] states;
    private double[][] returns;
    private int hour;
    private List<PairCorrelation> lastHour;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long ops;
    private long cpuAtStart;
    private long wallAtStart;
    private double measuredCpuNanos;
    private long measuredOps;

    @Setup
    public void setUp() {
        universe = new BenchSettings(symbols, 1, 1, 42, "hashmap", 0, 0).universe();
        names = universe.toArray(String[]::new);
        returns = returns(symbols);
        states = new PairState[symbols * (symbols - 1) / 2];
        for (int k = 0; k < states.length; k++) {
            states[k] = PairState.empty(settings);
        }
        hour = 0;
        while (hour < settings.longWindow()) {
            updateAll();
        }
        lastHour = updateAll();
        long leaders = lastHour.stream().filter(p -> p.leader() != null).count();
        long breaks = lastHour.stream().filter(PairCorrelation::inBreak).count();
        System.out.printf("%n%d symbols, %d pairs warm (%d hours each); last hour: %d pairs "
                + "with a leader, %d in break%n", symbols, states.length, states[0].a.size,
                leaders, breaks);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        ops = 0;
        cpuAtStart = threads.getCurrentThreadCpuTime();
        wallAtStart = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
        long wall = System.nanoTime() - wallAtStart;
        System.out.printf(" [cpu %.3f ms/op, wall %.3f ms/op, %d ops] ", cpu / 1e6 / ops,
                wall / 1e6 / ops, ops);
        if (params.getType() == IterationType.MEASUREMENT) {
            measuredCpuNanos += cpu;
            measuredOps += ops;
        }
    }

    @TearDown(Level.Trial)
    public void endTrial() {
        System.out.printf("%nCPU time of the benchmark thread, %d symbols: %.3f ms/op (mean of "
                + "the measurement iterations, %d ops)%n", symbols,
                measuredCpuNanos / 1e6 / measuredOps, measuredOps);
    }

    private static double[][] returns(int n) {
        SplittableRandom random = new SplittableRandom(42);
        double[][] r = new double[HOURS][n];
        double previousMarket = 0;
        for (int h = 0; h < HOURS; h++) {
            double market = random.nextGaussian();
            for (int s = 0; s < n; s++) {
                double factor = s % 5 == 0 ? 0.4 * market + 0.5 * previousMarket : 0.7 * market;
                r[h][s] = 0.01 * (factor + 0.6 * random.nextGaussian());
            }
            previousMarket = market;
        }
        return r;
    }

    /** Every pair's update with the next hour's returns; the pairs' records in pair order. */
    @Benchmark
    public List<PairCorrelation> pairUpdates() {
        ops++;
        return updateAll();
    }

    private List<PairCorrelation> updateAll() {
        double[] r = returns[hour % HOURS];
        long time = (hour + 1) * HOUR - 1;
        hour++;
        List<PairCorrelation> out = new ArrayList<>(states.length);
        int k = 0;
        for (int i = 0; i < names.length; i++) {
            for (int j = i + 1; j < names.length; j++) {
                out.add(calculator.onAligned(states[k++], names[i], names[j], time, r[i], r[j])
                        .correlation());
            }
        }
        return out;
    }

    /** The job's hour: the pair updates, the sort of the gather, every symbol's part. */
    @Benchmark
    public Map<String, CorrelationFeatures> hour() {
        ops++;
        long time = (hour + 1) * HOUR - 1;
        List<PairCorrelation> pairs = updateAll();
        pairs.sort(Comparator.comparing(PairCorrelation::pair));
        return CorrelationSummary.of(time, universe, pairs);
    }

    /** The gather's work alone on one hour's pairs: the sort and every symbol's part. */
    @Benchmark
    public Map<String, CorrelationFeatures> summary() {
        ops++;
        List<PairCorrelation> pairs = new ArrayList<>(lastHour);
        pairs.sort(Comparator.comparing(PairCorrelation::pair));
        return CorrelationSummary.of(hour * HOUR, universe, pairs);
    }
}
