package io.regimeflow.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.model.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {

    static final List<WebhookTarget> HOOK = List.of(new WebhookTarget("json",
            URI.create("https://hooks.example.com/x"), WebhookKind.JSON, Set.of(), Severity.INFO,
            "secret", null));

    @Test
    void theDefaultsAreTheJobsDefaults() {
        assertThat(WebhookSettings.builder(HOOK).build()).isEqualTo(new WebhookSettings(HOOK,
                10_000, 8, 1_000, 300_000, 5, 60_000, 10_000, null, 7_200_000L));
        assertThat(WebhookSettings.builder(HOOK).maxAge(null).build().maxAgeMs()).isNull();
    }

    @Test
    void theSettingsTravelWithTheJobGraph() throws Exception {
        WebhookSettings s = WebhookSettings.builder(HOOK).backoff(Duration.ofMillis(250)).build();
        assertThat(InstantiationUtil.clone(s)).isEqualTo(s);
    }

    @Test
    void aBadValueFailsNamingTheSetting() {
        fails(WebhookSettings.builder(List.of()), "targets = []: expected at least one target");
        fails(b -> b.backoff(Duration.ofSeconds(-1)), "backoff = PT-1S: expected a positive "
                + "duration");
        fails(b -> b.timeout(Duration.ZERO), "timeout = PT0S");
        fails(b -> b.backoffCap(null), "backoffCap = null");
        fails(b -> b.breakerCooldown(Duration.ofMillis(-1)), "breakerCooldown = PT-0.001S");
        fails(b -> b.maxAge(Duration.ZERO), "maxAge = PT0S");
        fails(b -> b.maxAttempts(0), "maxAttempts = 0: expected a whole number of at least 1");
        fails(b -> b.breakerFailures(0), "breakerFailures = 0");
        fails(b -> b.maxPending(-1), "maxPending = -1");
    }

    static void fails(UnaryOperator<WebhookSettings.Builder> change, String message) {
        fails(change.apply(WebhookSettings.builder(HOOK)), message);
    }

    static void fails(WebhookSettings.Builder b, String message) {
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
