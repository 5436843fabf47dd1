package io.regimeflow.connectors.webhook;

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
    final EndpointBreaker breaker;
    final ArrayDeque<PendingDelivery> queue = new ArrayDeque<>();
    final Set<String> eventIds = new HashSet<>();
    boolean busy;

    WebhookLane(WebhookSettings settings, String name) {
        this.name = name;
        this.target = settings.target(name);
        this.breaker = new EndpointBreaker(settings.breakerFailures(),
                settings.breakerCooldownMs());
    }
}
