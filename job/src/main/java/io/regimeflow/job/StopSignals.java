package io.regimeflow.job;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a user's way to stop a run, not as a failure: the JVM's own
 * handling ends with status 130 or 143 and says nothing. Only for a process regimeflow owns (a
 * {@code java -jar} run), never inside a cluster's JobManager.
 */
final class StopSignals {
    private StopSignals() {}

    /**
     * Runs {@code onStop} once, on the first of SIGINT or SIGTERM (on a thread of the JVM's);
     * a signal this platform does not offer is left as it is.
     */
    static void onStop(Runnable onStop) {
        AtomicBoolean once = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (once.compareAndSet(false, true)) {
                        onStop.run();
                    }
                });
            } catch (IllegalArgumentException unavailable) {
                // Not a signal here (or reserved): the JVM's default stays.
            }
        }
    }
}
