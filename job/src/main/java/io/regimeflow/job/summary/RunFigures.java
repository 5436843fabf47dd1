package io.regimeflow.job.summary;

import io.regimeflow.functions.routing.LateRecords;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;

/**
 * The per-symbol figures of the jobs running in this JVM (a local run's mini-cluster), gathered by
 * {@link RunFiguresReporter} from the counters the source and the operators already keep: the
 * Binance source's per-split {@code recordsEmitted}, {@code missingMinutes},
 * {@code irregularRows}, {@code duplicateRows} and {@code rejectedRequests}, and the operators'
 * per-symbol {@code lateRecords}. A job's figures are read once it has ended ({@link #take}).
 *
 * <p>A job on a remote cluster has no figures here: its TaskManagers are other processes, and the
 * same counters are in its metrics.
 */
public final class RunFigures {
    /** The jobs seen, the oldest forgotten beyond 16: only the last local run's are read. */
    private static final Map<String, RunFigures> JOBS = Collections.synchronizedMap(
            new LinkedHashMap<>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RunFigures> eldest) {
                    return size() > 16;
                }
            });

    /** The counters read (the reporter keeps these only), as {@link #bySymbol} sums them. */
    static final Set<String> COUNTERS = Set.of("recordsEmitted", "missingMinutes",
            "irregularRows", "duplicateRows", "rejectedRequests", "notListed",
            LateRecords.METRIC);

    /** The reporter's name in the Flink configuration. */
    static final String REPORTER = "regimeflow-run-figures";

    private record Source(String symbol, String stream, String name, Counter counter) {}

    private final List<Source> counters = new ArrayList<>();
    private volatile boolean restarted;

    private RunFigures() {}

    /** The Flink configuration that installs the reporter (on a cluster started in this JVM). */
    public static Configuration reporterConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter." + REPORTER + ".factory.class",
                RunFiguresReporterFactory.class.getName());
        return conf;
    }

    /** The figures of the job {@code jobId} and forgets them; empty when none were gathered. */
    public static Optional<RunFigures> take(String jobId) {
        return Optional.ofNullable(JOBS.remove(jobId));
    }

    static RunFigures of(String jobId) {
        return JOBS.computeIfAbsent(jobId, id -> new RunFigures());
    }

    synchronized void add(String symbol, String stream, String name, Counter counter,
            boolean retry) {
        counters.add(new Source(symbol, stream, name, counter));
        restarted |= retry;
    }

    /**
     * Whether a task of the job ran more than once (a restart from a checkpoint): the counts then
     * include what was read again after the restore.
     */
    public boolean restarted() {
        return restarted;
    }

    /** The figures per symbol, by symbol; counters read now. */
    public synchronized Map<String, SymbolFigures> bySymbol() {
        Map<String, SymbolFigures> out = new TreeMap<>();
        for (Source s : counters) {
            SymbolFigures f = out.computeIfAbsent(s.symbol(), k -> new SymbolFigures());
            long n = s.counter().getCount();
            switch (s.name()) {
                case "recordsEmitted" -> {
                    if ("klines".equals(s.stream())) {
                        f.candles += n;
                    } else if ("funding".equals(s.stream())) {
                        f.settlements += n;
                    }
                }
                case "missingMinutes" -> f.gapMinutes += n;
                case "irregularRows" -> f.irregularRows += n;
                case "duplicateRows" -> f.duplicateRows += n;
                case LateRecords.METRIC -> f.lateRecords += n;
                case "rejectedRequests", "notListed" -> {
                    if (n > 0) {
                        f.refused.add(s.stream());
                    }
                }
                default -> { }
            }
        }
        return out;
    }
}
