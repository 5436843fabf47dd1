package io.regimeflow.connectors.webhook;

import io.regimeflow.connectors.resilience.Circuit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One target's deliveries, oldest first; the head is the one being attempted. Guarded by the
 * {@link WebhookDispatcher} that owns it.
 */
final class WebhookLane {
    final String name;
    /** Null when the target is no longer configured (a restored delivery). */
    final WebhookTarget target;
    /** Keeps attempts away from a receiver that keeps failing (one probe per cooldown). */
    final Circuit circuit;
    final ArrayDeque<PendingDelivery> queue = new ArrayDeque<>();
    final Set<String> eventIds = new HashSet<>();
    boolean busy;

    WebhookLane(WebhookSettings settings, String name) {
        this.name = name;
        this.target = settings.target(name);
        this.circuit = new Circuit("webhook " + name, settings.breakerFailures(),
                Duration.ofMillis(settings.breakerCooldownMs()), System::currentTimeMillis);
    }

    /** The oldest delivery waiting: the head, or the one after it while the head is out. */
    PendingDelivery oldestWaiting() {
        var it = queue.iterator();
        PendingDelivery head = it.next();
        return busy ? it.next() : head;
    }
}
