package io.regimeflow.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Passes elements on, optionally at a trickle (so that checkpoints fall between them), and fails
 * the job once, at the {@code after}-th element, to force a restore from the last checkpoint.
 * "Once" holds across the restarts of a job on the in-JVM mini-cluster: it is kept by name.
 */
public final class FailOnce<T> implements MapFunction<T, T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicBoolean> FIRED = new ConcurrentHashMap<>();

    private final String name;
    private final int after;
    private final long delayPerElementMs;
    private final long pauseBeforeFailingMs;
    private int seen;

    /**
     * @param delayPerElementMs sleep before passing each element on
     * @param pauseBeforeFailingMs sleep before the failure, for deliveries to be under way
     */
    public FailOnce(String name, int after, long delayPerElementMs, long pauseBeforeFailingMs) {
        this.name = name;
        this.after = after;
        this.delayPerElementMs = delayPerElementMs;
        this.pauseBeforeFailingMs = pauseBeforeFailingMs;
        FIRED.putIfAbsent(name, new AtomicBoolean());
    }

    /** Arms (again) the failure of this name; call before each job. */
    public static void arm(String name) {
        FIRED.put(name, new AtomicBoolean());
    }

    /** Whether the failure of this name happened since it was armed. */
    public static boolean fired(String name) {
        AtomicBoolean f = FIRED.get(name);
        return f != null && f.get();
    }

    @Override
    public T map(T element) throws Exception {
        if (delayPerElementMs > 0) {
            Thread.sleep(delayPerElementMs);
        }
        if (++seen == after && FIRED.get(name).compareAndSet(false, true)) {
            Thread.sleep(pauseBeforeFailingMs);
            throw new IllegalStateException("injected failure '" + name + "' after " + after
                    + " elements");
        }
        return element;
    }
}
