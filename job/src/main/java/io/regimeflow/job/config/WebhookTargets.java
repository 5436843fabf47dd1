package io.regimeflow.job.config;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import io.regimeflow.connectors.webhook.WebhookKind;
import io.regimeflow.connectors.webhook.WebhookSettings;
import io.regimeflow.connectors.webhook.WebhookTarget;
import io.regimeflow.model.EventType;
import io.regimeflow.model.Severity;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The configured webhook targets as the webhook sink takes them. */
public final class WebhookTargets {
    private WebhookTargets() {}

    /** The target's name: as configured, else its kind and position ({@code discord-1}). */
    static String name(RegimeflowConfig.WebhookTarget t, int index) {
        if (t.name() != null && !t.name().isBlank()) {
            return t.name();
        }
        URI url = t.url() == null ? null : URI.create(t.url());
        return ConfigValues.form(kind(t, url)) + "-" + (index + 1);
    }

    /** The configured kind, else the one the URL's host implies. */
    static WebhookKind kind(RegimeflowConfig.WebhookTarget t, URI url) {
        if (t.kind() != null) {
            return t.kind();
        }
        return url == null ? WebhookKind.JSON : WebhookKind.of(url);
    }

    /** The webhook sink's settings, or null when no target is configured. */
    public static WebhookSettings settings(RegimeflowConfig.Webhooks w, JdbcSettings ledger) {
        if (w.targets().isEmpty()) {
            return null;
        }
        List<WebhookTarget> targets = new ArrayList<>();
        for (int i = 0; i < w.targets().size(); i++) {
            RegimeflowConfig.WebhookTarget t = w.targets().get(i);
            URI url = URI.create(t.url());
            Set<EventType> events = EnumSet.noneOf(EventType.class);
            if (t.events() != null) {
                t.events().forEach(e -> events.add(EventType.valueOf(
                        e.toUpperCase(Locale.ROOT))));
            }
            // INFO (a volatility regime flapping near a boundary) is noise in a channel.
            Severity min = t.minSeverity() == null ? Severity.WARNING
                    : Severity.valueOf(t.minSeverity().toUpperCase(Locale.ROOT));
            targets.add(new WebhookTarget(name(t, i), url, kind(t, url), events, min,
                    t.secret() != null ? t.secret() : w.secret(), t.chatId()));
        }
        return WebhookSettings.builder(targets)
                .timeout(w.timeout())
                .maxAttempts(w.maxAttempts())
                .backoff(w.backoff())
                .backoffCap(w.backoffCap())
                .breakerFailures(w.breakerFailures())
                .breakerCooldown(w.breakerCooldown())
                .maxPending(w.maxPending())
                .ledger(ledger)
                .maxAge(w.maxAge())
                .build();
    }
}
