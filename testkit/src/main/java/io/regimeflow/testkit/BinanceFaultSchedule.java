package io.regimeflow.testkit;

import io.regimeflow.testkit.FakeBinance.Fault;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The faults a test has asked {@link FakeBinance} to inject, per path, each used by one request:
 * those for the requests a predicate accepts first (in the order given), then the path's own.
 */
final class BinanceFaultSchedule {

    /** Faults for the requests {@code when} accepts. */
    private record Targeted(Predicate<Map<String, String>> when, Deque<Fault> faults) {}

    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final Map<String, List<Targeted>> targeted = new HashMap<>();

    synchronized void inject(String path, List<Fault> list) {
        faults.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(list);
    }

    synchronized void inject(String path, Predicate<Map<String, String>> when, List<Fault> list) {
        targeted.computeIfAbsent(path, p -> new ArrayList<>())
                .add(new Targeted(when, new ArrayDeque<>(list)));
    }

    /** Faults not yet used on {@code path}, targeted ones included. */
    synchronized int pending(String path) {
        Deque<Fault> q = faults.get(path);
        int n = q == null ? 0 : q.size();
        for (Targeted t : targeted.getOrDefault(path, List.of())) {
            n += t.faults().size();
        }
        return n;
    }

    /** Takes the fault for this request of {@code path} with query {@code q}; null: none. */
    synchronized Fault next(String path, Map<String, String> q) {
        for (Targeted t : targeted.getOrDefault(path, List.of())) {
            if (!t.faults().isEmpty() && t.when().test(q)) {
                return t.faults().poll();
            }
        }
        Deque<Fault> fq = faults.get(path);
        return fq == null ? null : fq.poll();
    }
}
