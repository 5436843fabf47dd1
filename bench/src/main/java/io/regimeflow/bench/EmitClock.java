package io.regimeflow.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the source emitted what: per split, each time the split's largest event time so far grew,
 * that event time (epoch ms) and the wall-clock instant of the emit ({@link System#nanoTime},
 * ns). With bounded out-of-orderness a split's watermark is its largest event time less the
 * bound, so these steps tell when each split let event time pass any point, and which record did
 * it. The bench's mini-cluster runs in this JVM: the source readers write into {@link #GLOBAL},
 * the bench reads it once the job is over.
 */
final class EmitClock {

    static final EmitClock GLOBAL = new EmitClock();

    private final Map<String, Steps> splits = new ConcurrentHashMap<>();
    private final Map<String, String> splitOfSymbol = new ConcurrentHashMap<>();

    /** Notes an emit of {@code symbol}'s record at {@code eventTime} ms on {@code splitId}. */
    void emitted(String splitId, String symbol, long eventTime, long nanos) {
        Steps s = splits.get(splitId);
        if (s == null) {
            s = splits.computeIfAbsent(splitId, id -> new Steps());
            splitOfSymbol.putIfAbsent(symbol, splitId);
        }
        s.add(eventTime, nanos);
    }

    /** The split that emits {@code symbol}, or null when none has yet. */
    String splitOf(String symbol) {
        return splitOfSymbol.get(symbol);
    }

    /**
     * When {@code splitId} first emitted a record at or after {@code eventTime} (ns), or -1 if it
     * never did.
     */
    long firstReach(String splitId, long eventTime) {
        Steps s = splits.get(splitId);
        return s == null ? -1 : s.firstReach(eventTime);
    }

    /**
     * When the last of all splits emitted its first record at or after {@code eventTime} (ns):
     * the emit that let the job's watermark (the least of the splits') pass {@code eventTime}
     * less the out-of-orderness bound. -1 if some split never got there (the end of input did).
     */
    long allReach(long eventTime) {
        long last = -1;
        for (Steps s : splits.values()) {
            long t = s.firstReach(eventTime);
            if (t < 0) {
                return -1;
            }
            last = Math.max(last, t);
        }
        return last;
    }

    /** Records emitted that moved a split's event time forward, over all splits. */
    long steps() {
        return splits.values().stream().mapToLong(Steps::size).sum();
    }

    void clear() {
        splits.clear();
        splitOfSymbol.clear();
    }

    /** One split's growing event times and their emit instants; one writer, read after. */
    private static final class Steps {
        private long[] eventTimes = new long[1024];
        private long[] nanos = new long[1024];
        private int n;

        synchronized void add(long eventTime, long at) {
            if (n > 0 && eventTime <= eventTimes[n - 1]) {
                return; // not the split's largest event time: moves no watermark
            }
            if (n == eventTimes.length) {
                eventTimes = Arrays.copyOf(eventTimes, n * 2);
                nanos = Arrays.copyOf(nanos, n * 2);
            }
            eventTimes[n] = eventTime;
            nanos[n] = at;
            n++;
        }

        synchronized long firstReach(long eventTime) {
            int i = Arrays.binarySearch(eventTimes, 0, n, eventTime);
            int first = i >= 0 ? i : -i - 1;
            return first < n ? nanos[first] : -1;
        }

        synchronized int size() {
            return n;
        }
    }
}
