package io.regimeflow.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits on a condition, never on the clock alone. CI machines are shared (two cores, often
 * building something else), so a test waits until what it needs has happened, with a deadline
 * long enough for a loaded machine: the deadline only costs time when the test fails anyway.
 */
public final class Await {
    private Await() {}

    /**
     * The deadline for anything that takes about a second on an idle machine: a reconnect, a
     * request answered, a flush, a message through a loopback socket.
     */
    public static final Duration PATIENT = Duration.ofMinutes(2);

    /** Between two checks: short against the things awaited, long against a busy loop. */
    private static final long POLL_MS = 20;

    /** A check that may throw (a fetch, a query); a thrown exception fails the wait at once. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Checks {@code condition} every 20 ms (at once first) until it holds.
     *
     * @param what what is awaited, for the failure message ("the reconnect")
     * @param deadline how long to wait at most; {@link #PATIENT} unless there is a reason
     * @param seen what was seen instead, asked only when the deadline passes
     * @throws AssertionError "{@code <what>} not seen within {@code <N>} s; seen: {@code <seen>}"
     *     when the deadline passes first
     * @throws Exception what {@code condition} threw
     */
    public static void until(String what, Duration deadline, Condition condition,
            Supplier<String> seen) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(what + " not seen within " + deadline.toSeconds()
                        + " s; seen: " + seen.get());
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** {@link #until(String, Duration, Condition, Supplier)} with the {@link #PATIENT} deadline. */
    public static void until(String what, Condition condition, Supplier<String> seen)
            throws Exception {
        until(what, PATIENT, condition, seen);
    }
}
