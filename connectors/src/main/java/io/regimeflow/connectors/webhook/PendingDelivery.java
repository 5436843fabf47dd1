package io.regimeflow.connectors.webhook;

import io.regimeflow.model.MarketEvent;

/**
 * An event not yet delivered to one target: what the sink writer's checkpointed state holds, so
 * that a restore delivers it (again: at-least-once, receivers deduplicate by the event id).
 *
 * @param target the target's name
 * @param attempts requests made so far
 * @param failures of those, the failures that count towards giving up: all but 429s (a receiver
 *     that asks for patience is working, and gets it)
 */
public record PendingDelivery(String target, MarketEvent event, int attempts, int failures) {

    String key() {
        return target + "\u0000" + event.eventId();
    }

    PendingDelivery failedOnce() {
        return new PendingDelivery(target, event, attempts + 1, failures + 1);
    }

    PendingDelivery askedToWait() {
        return new PendingDelivery(target, event, attempts + 1, failures);
    }
}
