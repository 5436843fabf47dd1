package io.regimeflow.job.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The original system's webhook variables, each a comma-separated list of URLs for one group of
 * event types: every URL becomes a target named after its variable.
 */
final class WebhookVariables {

    static final Map<String, List<String>> WEBHOOK_VARIABLES = Map.of(
            "WEBHOOKS_CASCADE", List.of("LIQUIDATION_CASCADE"),
            "WEBHOOKS_FUNDING", List.of("FUNDING_ANOMALY", "FUNDING_REVERSAL"),
            "WEBHOOKS_VOLATILITY", List.of("VOLATILITY_REGIME_CHANGE"),
            "WEBHOOKS_CORRELATION", List.of("CORRELATION_BREAK"),
            "WEBHOOKS_REGIME", List.of("REGIME_CONFIRMED"));

    private WebhookVariables() {}

    /**
     * Adds a target to {@code sinks.webhooks.targets} of {@code tree} for every URL of every
     * variable set in {@code env}, and records the first variable as the targets' origin.
     */
    static void apply(ObjectNode tree, Map<String, String> env, Map<String, String> origins) {
        ArrayNode targets = (ArrayNode) ((ObjectNode) tree.get("sinks").get("webhooks"))
                .get("targets");
        for (String variable : WEBHOOK_VARIABLES.keySet().stream().sorted().toList()) {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                continue;
            }
            String[] urls = value.split(",");
            for (int i = 0; i < urls.length; i++) {
                if (urls[i].isBlank()) {
                    continue;
                }
                ObjectNode t = targets.addObject();
                t.put("url", urls[i].trim());
                t.put("name", variable.toLowerCase(Locale.ROOT).replace('_', '-')
                        + (urls.length > 1 ? "-" + (i + 1) : ""));
                ArrayNode events = t.putArray("events");
                WEBHOOK_VARIABLES.get(variable).forEach(events::add);
            }
            origins.putIfAbsent("sinks.webhooks.targets", "environment " + variable);
        }
    }
}
