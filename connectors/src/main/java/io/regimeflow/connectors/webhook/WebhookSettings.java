package io.regimeflow.connectors.webhook;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import java.io.Serializable;
import java.util.List;

/**
 * How the webhook sink delivers.
 *
 * @param timeoutMs longest wait for a receiver's answer
 * @param maxAttempts failed attempts (429s not counted) before an event goes to the dead
 *     letters
 * @param backoffMs wait after the first failure; doubles per failure (full jitter) up to
 *     {@code backoffCapMs}, never less than what a 429 asks for
 * @param breakerFailures failures in a row that open a receiver's circuit
 * @param breakerCooldownMs how long an open circuit keeps attempts away from the receiver
 * @param maxPending deliveries a target may have waiting per sink writer; beyond it the oldest
 *     goes to the dead letters, so a dead receiver never holds back the analyses
 * @param ledger where webhook_logs and webhook_dead_letters are written; null: the log only
 * @param maxAgeMs an event whose event time is further than this behind the wall clock when it
 *     reaches the sink is not posted (a backfill's or replay's old events), only written to
 *     webhook_logs as {@code STALE}; null: every event is posted (history asked for)
 */
public record WebhookSettings(List<WebhookTarget> targets, long timeoutMs, int maxAttempts,
        long backoffMs, long backoffCapMs, int breakerFailures, long breakerCooldownMs,
        int maxPending, JdbcSettings ledger, Long maxAgeMs) implements Serializable {

    public WebhookSettings {
        targets = List.copyOf(targets);
    }

    WebhookTarget target(String name) {
        for (WebhookTarget t : targets) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
