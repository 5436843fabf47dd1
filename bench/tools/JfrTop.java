import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * CPU and allocation hot spots of a JFR recording (a profile of the bench's job, see
 * bench/PROFILE-200-SYMBOLS.md), with the JDK alone:
 *
 * <pre>
 * java bench/tools/JfrTop.java job.jfr [topN]             # shares by thread, bucket, method
 * java bench/tools/JfrTop.java job.jfr callers METHOD [n] # the n frames under METHOD's samples
 * java bench/tools/JfrTop.java loop.jfr 30 --all          # keep "main" (the plain loop)
 * </pre>
 *
 * <p>CPU shares are of jdk.ExecutionSample events, allocation shares of the weight of
 * jdk.ObjectAllocationSample events; the bench's own "main" and "heap-sampler" threads (event
 * counting before the job, heap sampling) are left out. Thread names are the operator chains.
 */
public final class JfrTop {
    static final Map<String, Long> selfCpu = new HashMap<>();
    static final Map<String, Long> inclCpu = new HashMap<>();
    static final Map<String, Long> threadCpu = new HashMap<>();
    static final Map<String, Long> bucketCpu = new LinkedHashMap<>();
    static final Map<String, Long> allocSite = new HashMap<>();
    static final Map<String, Long> allocClass = new HashMap<>();
    static final Map<String, Long> allocThread = new HashMap<>();
    static final Map<String, Long> allocIncl = new HashMap<>();
    static final Map<String, Long> bucketAlloc = new LinkedHashMap<>();
    static final Map<String, Long> allocSiteClass = new HashMap<>();
    static final Map<String, Long> threadBucketCpu = new HashMap<>();
    static final Map<String, Long> threadBucketAlloc = new HashMap<>();
    static long cpuSamples;
    static long excludedCpu;
    static long allocTotal;
    static Duration gcPause = Duration.ZERO;
    static Duration gcLongest = Duration.ZERO;
    static long gcCount;
    static long gcCpuNanos;

    /**
     * Buckets: the first rule (in this order) with a frame anywhere on the stack matching one of
     * its patterns ("Class" substring, or "Class#method") wins.
     */
    static final String[][] BUCKETS = {
        {"network in: record deserialization", "SpillingAdaptiveSpanningRecordDeserializer",
            "NonSpanningWrapper", "StreamElementSerializer#deserialize",
            "DeserializationDelegate"},
        {"network out: record serialization", "RecordWriter#emit",
            "RecordWriter#serializeRecord", "RecordWriterOutput#pushToRecordWriter"},
        {"chained copy (object reuse off)", "Serializer#copy"},
        {"JSON (bench sink digest / events)", "com.fasterxml.jackson", "MarketJson"},
        {"timer queue (register/poll)", "HeapPriorityQueue", "KeyGroupPartitionedPriorityQueue",
            "InternalTimerServiceImpl#registerEventTimeTimer",
            "InternalTimerServiceImpl#deleteEventTimeTimer"},
        {"heap keyed state access", "org.apache.flink.runtime.state.heap"},
        {"key hashing / partitioning", "KeyGroupStreamPartitioner", "KeyGroupRangeAssignment",
            "setCurrentKey"},
        {"CorrelationSummary.of (per-symbol filter of all pairs)", "CorrelationSummary#of",
            "CorrelationSummary#lambda"},
        {"CorrelationGatherFunction (rest)", "CorrelationGatherFunction"},
        {"PairCorrelationCalculator", "PairCorrelationCalculator", "PairSums"},
        {"PairCorrelationFunction (rest)", "PairCorrelationFunction"},
        {"PairReturnFanOut (rest)", "PairReturnFanOut"},
        {"HourlyReturnFunction (rest)", "HourlyReturnFunction"},
        {"SnapshotAssembler (rest)", "SnapshotAssembler"},
        {"simulator source", "io.regimeflow.connectors"},
        {"candle windows", "io.regimeflow.functions.candles", "WindowOperator"},
        {"other analyses", "io.regimeflow.functions"},
        {"watermarks/mailbox (rest)", "StatusWatermarkValve", "MailboxProcessor"},
    };
    static final Set<String> EXCLUDED = new HashSet<>(List.of("main", "heap-sampler"));

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[args.length - 1].equals("--all")) {
            // The plain loop runs on "main": keep every thread.
            EXCLUDED.clear();
            args = Arrays.copyOf(args, args.length - 1);
        }
        if (args.length > 2 && args[1].equals("callers")) {
            callers(args[0], args[2], args.length > 3 ? Integer.parseInt(args[3]) : 6);
            return;
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        for (String[] b : BUCKETS) {
            bucketCpu.put(b[0], 0L);
            bucketAlloc.put(b[0], 0L);
        }
        bucketCpu.put("(rest)", 0L);
        bucketAlloc.put("(rest)", 0L);
        try (RecordingFile f = new RecordingFile(Path.of(args[0]))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> cpu(e);
                    case "jdk.ObjectAllocationSample" -> alloc(e);
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
                        Duration l = e.getDuration("longestPause");
                        if (l.compareTo(gcLongest) > 0) {
                            gcLongest = l;
                        }
                    }
                    case "jdk.GCCPUTime" -> gcCpuNanos += e.getLong("userTime")
                            + e.getLong("systemTime");
                    default -> { }
                }
            }
        }
        System.out.printf("CPU samples: %d (excluded threads %s: %d)%n", cpuSamples, EXCLUDED,
                excludedCpu);
        print("CPU by thread (operator chain)", threadCpu, cpuSamples, top);
        print("CPU by bucket (first matching frame on the stack)", bucketCpu, cpuSamples, 100);
        print("CPU by thread | bucket", threadBucketCpu, cpuSamples, top);
        print("CPU self (top frame)", selfCpu, cpuSamples, top);
        print("CPU inclusive (method anywhere on the stack)", inclCpu, cpuSamples, top);
        System.out.printf("%nAllocation samples weight: %,d MB%n", allocTotal >> 20);
        print("Allocation by thread", allocThread, allocTotal, top);
        print("Allocation by bucket", bucketAlloc, allocTotal, 100);
        print("Allocation by thread | bucket", threadBucketAlloc, allocTotal, top);
        print("Allocation by class", allocClass, allocTotal, top);
        print("Allocation by site (top frame)", allocSite, allocTotal, top);
        print("Allocation by site and class", allocSiteClass, allocTotal, top);
        print("Allocation inclusive (method anywhere on the stack)", allocIncl, allocTotal, top);
        System.out.printf("%nGC: %d collections, pauses %.2f s total, longest %.3f s, "
                + "GC CPU (user+sys) %.2f s%n", gcCount, gcPause.toNanos() / 1e9,
                gcLongest.toNanos() / 1e9, gcCpuNanos / 1e9);
    }

    static String name(RecordedFrame fr) {
        return fr.getMethod().getType().getName() + "." + fr.getMethod().getName();
    }

    static String thread(RecordedEvent e, String field) {
        RecordedThread t = e.getThread(field);
        if (t == null) {
            return "?";
        }
        String n = t.getJavaName() != null ? t.getJavaName() : t.getOSName();
        return n.replaceAll("\\(\\d+/\\d+\\)#\\d+", "").replaceAll("-\\d+$", "-N").trim();
    }

    static boolean matches(String frame, String pattern) {
        int h = pattern.indexOf('#');
        if (h < 0) {
            return frame.contains(pattern);
        }
        int dot = frame.lastIndexOf('.');
        String cls = frame.substring(0, dot);
        String method = frame.substring(dot + 1);
        return cls.contains(pattern.substring(0, h))
                && method.startsWith(pattern.substring(h + 1));
    }

    static String bucket(RecordedStackTrace st) {
        for (String[] b : BUCKETS) {
            for (RecordedFrame fr : st.getFrames()) {
                String n = name(fr);
                for (int i = 1; i < b.length; i++) {
                    if (matches(n, b[i])) {
                        return b[0];
                    }
                }
            }
        }
        return "(rest)";
    }

    static void cpu(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
            return;
        }
        String th = thread(e, "sampledThread");
        if (EXCLUDED.contains(th)) {
            excludedCpu++;
            return;
        }
        cpuSamples++;
        threadCpu.merge(th, 1L, Long::sum);
        selfCpu.merge(name(st.getFrames().get(0)), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame fr : st.getFrames()) {
            if (seen.add(name(fr))) {
                inclCpu.merge(name(fr), 1L, Long::sum);
            }
        }
        String b = bucket(st);
        bucketCpu.merge(b, 1L, Long::sum);
        threadBucketCpu.merge(th + " | " + b, 1L, Long::sum);
    }

    static void alloc(RecordedEvent e) {
        long w = e.getLong("weight");
        String th = thread(e, "eventThread");
        if (EXCLUDED.contains(th)) {
            return;
        }
        allocTotal += w;
        String cls = e.getClass("objectClass").getName();
        allocClass.merge(cls, w, Long::sum);
        allocThread.merge(th, w, Long::sum);
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
            return;
        }
        // The allocation site: the first frame outside java.* (the caller that allocates).
        String site = name(st.getFrames().get(0));
        for (RecordedFrame fr : st.getFrames()) {
            String n = name(fr);
            if (!n.startsWith("java.") && !n.startsWith("jdk.")) {
                site = n;
                break;
            }
        }
        allocSite.merge(site, w, Long::sum);
        allocSiteClass.merge(site + " -> " + cls, w, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame fr : st.getFrames()) {
            if (seen.add(name(fr))) {
                allocIncl.merge(name(fr), w, Long::sum);
            }
        }
        String b = bucket(st);
        bucketAlloc.merge(b, w, Long::sum);
        threadBucketAlloc.merge(th + " | " + b, w, Long::sum);
    }

    /** The stacks (depth frames) under every CPU sample whose top frame contains method. */
    static void callers(String file, String method, int depth) throws Exception {
        Map<String, Long> stacks = new HashMap<>();
        long total = 0;
        long all = 0;
        try (RecordingFile f = new RecordingFile(Path.of(file))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")
                        || e.getStackTrace() == null
                        || EXCLUDED.contains(thread(e, "sampledThread"))) {
                    continue;
                }
                all++;
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                int at = -1;
                for (int i = 0; i < frames.size(); i++) {
                    if (name(frames.get(i)).contains(method)) {
                        at = i;
                        break;
                    }
                }
                if (at < 0) {
                    continue;
                }
                total++;
                StringBuilder sb = new StringBuilder();
                for (int i = at; i < Math.min(frames.size(), at + depth); i++) {
                    sb.append("\n      ").append(name(frames.get(i))).append(':')
                            .append(frames.get(i).getLineNumber());
                }
                stacks.merge(sb.toString(), 1L, Long::sum);
            }
        }
        System.out.printf("%s on %d of %d samples (%.1f%%)%n", method, total, all,
                100.0 * total / Math.max(1, all));
        print("stacks from the first frame matching " + method, stacks, all, 12);
    }

    static void print(String title, Map<String, Long> m, long total, int top) {
        System.out.printf("%n== %s%n", title);
        List<Map.Entry<String, Long>> l = new ArrayList<>(m.entrySet());
        l.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (int i = 0; i < Math.min(top, l.size()); i++) {
            long v = l.get(i).getValue();
            System.out.printf("  %5.1f%%  %s%n", 100.0 * v / Math.max(1, total),
                    l.get(i).getKey());
        }
    }
}
