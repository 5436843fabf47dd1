package io.regimeflow.connectors.webhook;

import static io.regimeflow.connectors.SettingChecks.atLeast;
import static io.regimeflow.connectors.SettingChecks.invalid;
import static io.regimeflow.connectors.SettingChecks.positive;

import io.regimeflow.connectors.jdbc.JdbcSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the webhook sink delivers, immutable and serializable (it travels with the job graph);
 * made with {@link #builder}, whose defaults are those of the job's configuration ({@code
 * sinks.webhooks.*}). Spans are carried in milliseconds, as the dispatcher reads them.
 *
 * @param targets where events go; at least one
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

    /** Settings delivering to {@code targets}, everything else as the job's defaults have it. */
    public static Builder builder(List<WebhookTarget> targets) {
        return new Builder(targets);
    }

    WebhookTarget target(String name) {
        for (WebhookTarget t : targets) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Builds {@link WebhookSettings}; defaults as {@code sinks.webhooks.*} in {@code
     * regimeflow-defaults.yaml}. {@link #build} throws an {@link IllegalArgumentException} naming
     * the first invalid setting.
     */
    public static final class Builder {
        private final List<WebhookTarget> targets;
        private Duration timeout = Duration.ofSeconds(10);
        private int maxAttempts = 8;
        private Duration backoff = Duration.ofSeconds(1);
        private Duration backoffCap = Duration.ofMinutes(5);
        private int breakerFailures = 5;
        private Duration breakerCooldown = Duration.ofMinutes(1);
        private int maxPending = 10_000;
        private JdbcSettings ledger;
        private Duration maxAge = Duration.ofHours(2);

        private Builder(List<WebhookTarget> targets) {
            this.targets = targets;
        }

        /** Longest wait for a receiver's answer, positive; default 10 s. */
        public Builder timeout(Duration d) {
            timeout = d;
            return this;
        }

        /** Failed attempts (429s not counted) before a dead letter, at least 1; default 8. */
        public Builder maxAttempts(int attempts) {
            maxAttempts = attempts;
            return this;
        }

        /** Wait after the first failure, doubling per failure, positive; default 1 s. */
        public Builder backoff(Duration d) {
            backoff = d;
            return this;
        }

        /** Longest wait between attempts, positive; default 5 minutes. */
        public Builder backoffCap(Duration d) {
            backoffCap = d;
            return this;
        }

        /** Failures in a row that open a receiver's circuit, at least 1; default 5. */
        public Builder breakerFailures(int failures) {
            breakerFailures = failures;
            return this;
        }

        /** How long an open circuit keeps attempts away, positive; default 1 minute. */
        public Builder breakerCooldown(Duration d) {
            breakerCooldown = d;
            return this;
        }

        /** Deliveries a target may have waiting per writer, at least 1; default 10 000. */
        public Builder maxPending(int deliveries) {
            maxPending = deliveries;
            return this;
        }

        /** Where deliveries are logged; default null: the log only. */
        public Builder ledger(JdbcSettings jdbc) {
            ledger = jdbc;
            return this;
        }

        /**
         * Events further than this behind the wall clock are not posted, positive; default 2
         * hours; null: every event is posted.
         */
        public Builder maxAge(Duration d) {
            maxAge = d;
            return this;
        }

        public WebhookSettings build() {
            if (Objects.requireNonNull(targets, "targets").isEmpty()) {
                throw invalid("targets", targets, "at least one target");
            }
            return new WebhookSettings(targets, positive("timeout", timeout).toMillis(),
                    atLeast("maxAttempts", maxAttempts, 1),
                    positive("backoff", backoff).toMillis(),
                    positive("backoffCap", backoffCap).toMillis(),
                    atLeast("breakerFailures", breakerFailures, 1),
                    positive("breakerCooldown", breakerCooldown).toMillis(),
                    atLeast("maxPending", maxPending, 1), ledger,
                    maxAge == null ? null : positive("maxAge", maxAge).toMillis());
        }
    }
}
