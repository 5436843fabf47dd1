package io.regimeflow.connectors.webhook;

import io.regimeflow.connectors.resilience.Circuit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One target's lanes. A chat target (Discord, Slack, Telegram) has one: its channel reads the
 * alerts in order and its rate limit is per webhook. A signed-JSON target has one per symbol:
 * each symbol's alerts in order, different symbols side by side, at most
 * {@link #MAX_IN_FLIGHT} requests at once; the cascades of a market-wide crash close the same
 * minute, and one after another the last waited for all the others (bench/README.md, alert
 * latency). The lanes share the target's {@link Circuit}. Guarded by the
 * {@link WebhookDispatcher} that owns it.
 */
final class TargetLanes {
    /** Requests a signed-JSON target gets at once. */
    static final int MAX_IN_FLIGHT = 8;

    final String name;
    /** Null when the target is no longer configured (a restored delivery). */
    final WebhookTarget target;
    /** Keeps attempts away from a receiver that keeps failing (one probe per cooldown). */
    final Circuit circuit;
    private final Map<String, WebhookLane> lanes = new LinkedHashMap<>();
    private final ArrayDeque<WebhookLane> waitingForASlot = new ArrayDeque<>();
    /** Lanes handed a freed slot, which they take at their next attempt. */
    private final Set<WebhookLane> handedASlot = new HashSet<>();
    private int inFlight;
    /** A 429 pauses every lane of the target: the receiver's limit is its, not a symbol's. */
    private volatile long pausedUntilMs;

    TargetLanes(WebhookSettings settings, String name) {
        this.name = name;
        this.target = settings.target(name);
        this.circuit = new Circuit("webhook " + name, settings.breakerFailures(),
                Duration.ofMillis(settings.breakerCooldownMs()), System::currentTimeMillis);
    }

    /** The lane of {@code d}: the target's only one, or its symbol's for a JSON target. */
    WebhookLane laneOf(PendingDelivery d) {
        boolean bySymbol = target != null && target.kind() == WebhookKind.JSON;
        return lanes.computeIfAbsent(bySymbol ? d.event().symbol() : "",
                k -> new WebhookLane(this));
    }

    Collection<WebhookLane> lanes() {
        return lanes.values();
    }

    /** Deliveries not yet done, over every lane. */
    int pending() {
        int n = 0;
        for (WebhookLane l : lanes.values()) {
            n += l.queue.size();
        }
        return n;
    }

    /**
     * Over {@code maxPending} deliveries: the lane holding the oldest waiting one (by event
     * time; not one out now), to evict it. Null when within, or when none is waiting.
     */
    WebhookLane overflowing(int maxPending) {
        return pending() > maxPending ? withOldestWaiting() : null;
    }

    /** The lane holding the target's oldest waiting delivery (by event time), or null. */
    private WebhookLane withOldestWaiting() {
        WebhookLane oldest = null;
        for (WebhookLane l : lanes.values()) {
            if (l.queue.size() > (l.busy ? 1 : 0) && (oldest == null
                    || l.oldestWaiting().event().eventTime()
                            < oldest.oldestWaiting().event().eventTime())) {
                oldest = l;
            }
        }
        return oldest;
    }

    /** A request slot for {@code lane}; false: it waits, and {@link #releaseSlot} hands it one. */
    boolean takeSlot(WebhookLane lane) {
        if (handedASlot.remove(lane)) {
            return true;
        }
        if (inFlight < MAX_IN_FLIGHT) {
            inFlight++;
            return true;
        }
        waitingForASlot.add(lane);
        return false;
    }

    /**
     * A slot is free again: handed to the lane that waited longest for one (to attempt again:
     * a retry due meanwhile cannot take it first), or null when none waits.
     */
    WebhookLane releaseSlot() {
        WebhookLane next = waitingForASlot.poll();
        if (next == null) {
            inFlight--;
        } else {
            handedASlot.add(next);
        }
        return next;
    }

    /** Milliseconds the target's lanes still wait for a 429's Retry-After; 0: none. */
    long pausedForMs(long nowMs) {
        return Math.max(0, pausedUntilMs - nowMs);
    }

    /** The receiver asked (429) for a wait until {@code untilMs}. */
    void pauseUntil(long untilMs) {
        pausedUntilMs = Math.max(pausedUntilMs, untilMs);
    }
}
