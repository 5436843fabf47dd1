package io.regimeflow.job.config;

import io.regimeflow.connectors.webhook.WebhookKind;
import io.regimeflow.dashboard.HubSettings;
import io.regimeflow.model.EventType;
import io.regimeflow.model.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the {@code sinks.*} and {@code dashboard.*} keys the types alone do not express.
 */
final class SinksValidator extends ConfigChecks {

    SinksValidator(Map<String, String> origins) {
        super(origins);
    }

    void check(RegimeflowConfig.Sinks sinks, RegimeflowConfig.Dashboard dashboard) {
        checkJdbc(sinks.jdbc());
        checkWebhooks(sinks.webhooks());
        checkKafkaSinks(sinks.kafka());
        checkDashboard(dashboard);
    }

    private void checkJdbc(RegimeflowConfig.Jdbc j) {
        if (j.enabled()) {
            String url = j.url();
            String expected = "jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>";
            if (url == null) {
                fail("sinks.jdbc.url", null, expected);
            } else if (url.startsWith("jdbc:sqlite:")) {
                if (url.length() == "jdbc:sqlite:".length()) {
                    fail("sinks.jdbc.url", url, "a file after jdbc:sqlite:, e.g. "
                            + "jdbc:sqlite:regimeflow.db");
                }
            } else if (url.startsWith("jdbc:postgresql://")) {
                URI uri = uri("sinks.jdbc.url", url, url.substring("jdbc:".length()), expected);
                if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                    fail("sinks.jdbc.url", url, expected);
                }
            } else {
                fail("sinks.jdbc.url", url, expected);
            }
        }
        atLeast("sinks.jdbc.batch-size", j.batchSize(), 1);
        atLeast("sinks.jdbc.max-retries", j.maxRetries(), 0);
    }

    private void checkWebhooks(RegimeflowConfig.Webhooks w) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < w.targets().size(); i++) {
            RegimeflowConfig.WebhookTarget t = w.targets().get(i);
            String key = "sinks.webhooks.targets[" + i + "]";
            URI url = null;
            if (t.url() != null) {
                try {
                    url = new URI(t.url());
                } catch (URISyntaxException e) {
                    url = null;
                }
            }
            if (url == null || url.getHost() == null || !("https".equals(url.getScheme())
                    || "http".equals(url.getScheme()))) {
                // The URL carries the token: never echo it.
                fail(key + ".url", t.url() == null ? null : "(hidden)", "an http(s) URL such "
                        + "as https://discord.com/api/webhooks/<id>/<token>");
            }
            String name = WebhookTargets.name(t, i);
            if (!names.add(name)) {
                fail(key + ".name", name, "a name no other target has");
            }
            for (String e : t.events() == null ? List.<String>of() : t.events()) {
                if (!EnumSet.allOf(EventType.class).stream().map(Enum::name).toList()
                        .contains(e.toUpperCase(Locale.ROOT))) {
                    fail(key + ".events", e, "event types among "
                            + Arrays.toString(EventType.values()));
                }
            }
            if (t.minSeverity() != null && Arrays.stream(Severity.values())
                    .noneMatch(v -> v.name().equalsIgnoreCase(t.minSeverity()))) {
                fail(key + ".min-severity", t.minSeverity(), "INFO, WARNING or CRITICAL");
            }
            WebhookKind kind = WebhookTargets.kind(t, url);
            if (kind == WebhookKind.TELEGRAM && (t.chatId() == null
                    || t.chatId().isBlank())) {
                fail(key + ".chat-id", null, "the chat a Telegram target posts to (sendMessage "
                        + "needs chat_id), e.g. -1001234567890 or @channel");
            }
            if (kind == WebhookKind.JSON && t.secret() == null
                    && w.secret() == null) {
                fail(key + ".secret", null, "an HMAC key for this json target, or "
                        + "sinks.webhooks.secret for all of them, so receivers can verify "
                        + "deliveries");
            }
        }
        positive("sinks.webhooks.timeout", w.timeout());
        positive("sinks.webhooks.backoff", w.backoff());
        positive("sinks.webhooks.backoff-cap", w.backoffCap());
        positive("sinks.webhooks.breaker-cooldown", w.breakerCooldown());
        if (w.maxAge() != null) {
            positive("sinks.webhooks.max-age", w.maxAge());
        }
        if (w.maxAttempts() < 1) {
            fail("sinks.webhooks.max-attempts", w.maxAttempts(), "a whole number of at least 1");
        }
        if (w.breakerFailures() < 1) {
            fail("sinks.webhooks.breaker-failures", w.breakerFailures(),
                    "a whole number of at least 1");
        }
        if (w.maxPending() < 1) {
            fail("sinks.webhooks.max-pending", w.maxPending(), "a whole number of at least 1");
        }
    }

    private void checkKafkaSinks(RegimeflowConfig.KafkaSinks k) {
        if (!k.enabled()) {
            return;
        }
        bootstrapServers("sinks.kafka.bootstrap-servers", k.bootstrapServers());
        topic("sinks.kafka.events-topic", k.eventsTopic());
        topic("sinks.kafka.snapshots-topic", k.snapshotsTopic());
        topic("sinks.kafka.pair-correlations-topic", k.pairCorrelationsTopic());
        positive("sinks.kafka.transaction-timeout", k.transactionTimeout());
        if (k.transactionalIdPrefix() == null || k.transactionalIdPrefix().isBlank()) {
            fail("sinks.kafka.transactional-id-prefix", k.transactionalIdPrefix(),
                    "a prefix unique to this job");
        }
    }

    private void checkDashboard(RegimeflowConfig.Dashboard d) {
        if (d.port() < 0 || d.port() > 65535) {
            fail("dashboard.port", d.port(), "a port from 0 (any free one) to 65535");
        }
        if (d.buffer() < 1) {
            fail("dashboard.buffer", d.buffer(), "a whole number of at least 1");
        }
        if (d.hubUrl() != null && !(d.hubUrl().startsWith("ws://")
                || d.hubUrl().startsWith("wss://"))) {
            fail("dashboard.hub-url", d.hubUrl(), "a ws(s) URL such as ws://hub:8088/ingest");
        }
        if (d.enabled() && !HubSettings.isLoopback(d.host()) && d.ingestToken() == null) {
            fail("dashboard.ingest-token", null, "a token when dashboard.host is " + d.host()
                    + " (not this machine only), so only the job can feed the page");
        }
    }
}
