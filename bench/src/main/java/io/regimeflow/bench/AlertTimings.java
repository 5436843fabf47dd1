package io.regimeflow.bench;

import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Matches each alert the receiver got (by the event id in its body) to the source emits that made
 * it fire. For a LIQUIDATION_CASCADE of the 15-minute window ending at W (its event time):
 *
 * <ul>
 *   <li><b>trigger</b>: the emit of the symbol's records of the window's last minute [W - 1 min,
 *       W), which hold the liquidations that raised the severity (a cascade fires only when its
 *       severity rises or returns, so always on the last minute's liquidations; the simulator
 *       hands a minute's records over together as the minute closes);
 *   <li><b>release</b>: the emit of the record whose arrival made the event fire: the cascade
 *       waits for an event-time timer at W - 1 ms, which fires once the job's watermark (the
 *       least over the source splits of largest event time less the out-of-orderness bound,
 *       less 1 ms) reaches it, so once every split has emitted a record at or after W + bound;
 *       the release is the last split's first such emit.
 * </ul>
 *
 * Events of other kinds are counted, not timed; so are cascades released by the end of the
 * input (the final watermark) rather than by a record.
 */
final class AlertTimings {

    /** One timed alert, instants in ns on {@link System#nanoTime}'s clock; reached -1: unknown. */
    record Timed(String eventId, String symbol, long trigger, long release, long reached,
            long posted) {}

    static final long MINUTE_MS = 60_000;

    private final List<Timed> timed = new ArrayList<>();
    private int otherKinds;
    private int releasedByEnd;
    private int repeats;

    private AlertTimings() {}

    /**
     * @param arrivals the POSTs, in arrival order
     * @param reached when each event id reached the sinks (ns), where known
     */
    static AlertTimings match(List<WebhookArrivals.Arrival> arrivals, EmitClock clock,
            long outOfOrdernessMs, Map<String, Long> reached) {
        AlertTimings t = new AlertTimings();
        Set<String> seen = new HashSet<>();
        for (WebhookArrivals.Arrival a : arrivals) {
            MarketEvent e = a.event();
            if (!seen.add(e.eventId())) {
                t.repeats++; // at-least-once: a second delivery is not a second alert
                continue;
            }
            if (e.eventType() != EventType.LIQUIDATION_CASCADE) {
                t.otherKinds++;
                continue;
            }
            long windowEnd = e.eventTime();
            long release = clock.allReach(windowEnd + outOfOrdernessMs);
            String split = clock.splitOf(e.symbol());
            long trigger = split == null ? -1 : clock.firstReach(split, windowEnd - MINUTE_MS);
            if (release < 0 || trigger < 0) {
                t.releasedByEnd++;
                continue;
            }
            t.timed.add(new Timed(e.eventId(), e.symbol(), trigger, release,
                    reached.getOrDefault(e.eventId(), -1L), a.nanos()));
        }
        return t;
    }

    List<Timed> timed() {
        return List.copyOf(timed);
    }

    int otherKinds() {
        return otherKinds;
    }

    int releasedByEnd() {
        return releasedByEnd;
    }

    int repeats() {
        return repeats;
    }

    /** The most alerts released by one emit (the same minute's end). */
    int largestBurst() {
        Map<Long, Integer> byRelease = new HashMap<>();
        timed.forEach(x -> byRelease.merge(x.release(), 1, Integer::sum));
        return byRelease.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** One line per timed alert, instants in ms since the first trigger (reached -1: unknown). */
    List<String> csv() {
        long zero = timed.stream().mapToLong(Timed::trigger).min().orElse(0);
        List<String> lines = new ArrayList<>();
        lines.add("event_id,symbol,trigger_ms,release_ms,at_sinks_ms,posted_ms");
        for (Timed x : timed) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%.3f,%.3f,%.3f,%.3f", x.eventId(),
                    x.symbol(), (x.trigger() - zero) / 1e6, (x.release() - zero) / 1e6,
                    x.reached() < 0 ? -1.0 : (x.reached() - zero) / 1e6,
                    (x.posted() - zero) / 1e6));
        }
        return lines;
    }

    /** The release emit to the POST's arrival: the measured alert latency. */
    LatencyFigures releaseToPost() {
        return figures(x -> x.posted() - x.release(), false);
    }

    /**
     * {@link #releaseToPost} of the alerts released {@code warmUpMs} or more after the first
     * trigger: the first bursts of a run also time the JVM's warm-up (class loading, the JIT,
     * the receiver's first connections).
     */
    LatencyFigures releaseToPostAfter(long warmUpMs) {
        long zero = timed.stream().mapToLong(Timed::trigger).min().orElse(0);
        return LatencyFigures.of(timed.stream()
                .filter(x -> x.release() - zero >= warmUpMs * 1_000_000)
                .mapToLong(x -> x.posted() - x.release()).toArray());
    }

    /** The release emit to the event's arrival at the sinks: the analyses' part. */
    LatencyFigures releaseToSinks() {
        return figures(x -> x.reached() - x.release(), true);
    }

    /** The event's arrival at the sinks to the POST's arrival: the webhook delivery's part. */
    LatencyFigures sinksToPost() {
        return figures(x -> x.posted() - x.reached(), true);
    }

    /** The trigger's emit to the release's: the wait for event time, scaled by the pace. */
    LatencyFigures triggerToRelease() {
        return figures(x -> x.release() - x.trigger(), false);
    }

    /** {@code span} of each timed alert; with {@code atSinks}, of those seen at the sinks. */
    private LatencyFigures figures(ToLongFunction<Timed> span, boolean atSinks) {
        return LatencyFigures.of(timed.stream()
                .filter(x -> !atSinks || x.reached() >= 0)
                .mapToLong(span).toArray());
    }
}
