package io.regimeflow.connectors.webhook;

import io.regimeflow.connectors.resilience.Circuit;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Deliveries that go out one at a time, oldest first: a target's, or one symbol's of a JSON
 * target ({@link TargetLanes}); the head is the one being attempted. Guarded by the
 * {@link WebhookDispatcher} that owns it.
 */
final class WebhookLane {
    final TargetLanes owner;
    /** The target's name. */
    final String name;
    /** Null when the target is no longer configured (a restored delivery). */
    final WebhookTarget target;
    /** The target's circuit, shared by its lanes. */
    final Circuit circuit;
    final ArrayDeque<PendingDelivery> queue = new ArrayDeque<>();
    final Set<String> eventIds = new HashSet<>();
    boolean busy;

    WebhookLane(TargetLanes owner) {
        this.owner = owner;
        this.name = owner.name;
        this.target = owner.target;
        this.circuit = owner.circuit;
    }

    /** Removes {@code d}: delivered, dead-lettered or evicted. */
    void drop(PendingDelivery d) {
        queue.remove(d);
        eventIds.remove(d.event().eventId());
    }

    /** The oldest delivery waiting: the head, or the one after it while the head is out. */
    PendingDelivery oldestWaiting() {
        var it = queue.iterator();
        PendingDelivery head = it.next();
        return busy ? it.next() : head;
    }
}
