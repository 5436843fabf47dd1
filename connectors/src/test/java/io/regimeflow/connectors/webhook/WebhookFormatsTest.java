package io.regimeflow.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.Severity;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Message formats within each service's limits, masked URLs, signatures, answer reading. */
class WebhookFormatsTest {

    static MarketEvent event(String description, int dataFields) {
        StringBuilder data = new StringBuilder("{\"symbol\":\"BTC/USDT\"");
        for (int i = 0; i < dataFields; i++) {
            data.append(",\"field_").append(i).append("\":\"").append("x".repeat(900))
                    .append("\"");
        }
        data.append(",\"nested\":{\"a\":1}}");
        return new MarketEvent("LIQUIDATION_CASCADE:BTC/USDT:1704067200000",
                EventType.LIQUIDATION_CASCADE, "BTC/USDT", Severity.CRITICAL,
                "BTC/USDT liquidation cascade <severity 5>", description, 1_704_067_200_000L,
                data.toString());
    }

    static WebhookTarget target(WebhookKind kind, String url) {
        return new WebhookTarget("t", URI.create(url), kind, Set.of(), Severity.INFO,
                kind == WebhookKind.JSON ? "s3cret" : null,
                kind == WebhookKind.TELEGRAM ? "42" : null);
    }

    static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    static JsonNode body(WebhookRequest r) throws Exception {
        return MarketJson.mapper().readTree(r.body());
    }

    @Test
    void kindsFollowTheHost() {
        assertThat(WebhookKind.of(URI.create("https://discord.com/api/webhooks/1/x")))
                .isEqualTo(WebhookKind.DISCORD);
        assertThat(WebhookKind.of(URI.create("https://discordapp.com/api/webhooks/1/x")))
                .isEqualTo(WebhookKind.DISCORD);
        assertThat(WebhookKind.of(URI.create("https://hooks.slack.com/services/T/B/x")))
                .isEqualTo(WebhookKind.SLACK);
        assertThat(WebhookKind.of(URI.create("https://api.telegram.org/bot1:x/sendMessage")))
                .isEqualTo(WebhookKind.TELEGRAM);
        assertThat(WebhookKind.of(URI.create("https://bots.example.com/hook")))
                .isEqualTo(WebhookKind.JSON);
    }

    @Test
    void secretsInUrlsAreMasked() {
        assertThat(WebhookUrls.mask(URI.create(
                "https://discord.com/api/webhooks/123456/AbCdEf-token?wait=true")))
                .isEqualTo("https://discord.com/api/webhooks/123456/***?wait=***");
        assertThat(WebhookUrls.mask(URI.create(
                "https://hooks.slack.com/services/T000/B000/XXXXXXXX")))
                .isEqualTo("https://hooks.slack.com/services/***");
        assertThat(WebhookUrls.mask(URI.create(
                "https://api.telegram.org/bot123456:ABC-DEF/sendMessage")))
                .isEqualTo("https://api.telegram.org/bot***/sendMessage");
        assertThat(WebhookUrls.mask(URI.create("https://user:pw@hooks.example.com:8443/x?key=k")))
                .isEqualTo("https://***@hooks.example.com:8443/x?key=***");
        assertThat(WebhookUrls.mask(URI.create(
                "https://hooks.slack.com/triggers/T000/123/abcdef"))).isEqualTo(
                "https://hooks.slack.com/triggers/***");
        assertThat(WebhookUrls.mask(URI.create("https://hooks.zapier.com/hooks/catch/1/key")))
                .isEqualTo("https://hooks.zapier.com/hooks/***");
    }

    @Test
    void discordStaysWithinItsEmbedLimitsAndUsesAVersionedUrl() throws Exception {
        WebhookRequest r = WebhookFormats.request(target(WebhookKind.DISCORD,
                "https://discord.com/api/webhooks/1/tok"), event("d".repeat(9000), 30), 0);
        assertThat(r.url()).hasToString("https://discord.com/api/v10/webhooks/1/tok");
        JsonNode embed = body(r).path("embeds").get(0);
        assertThat(embed.path("color").asInt()).isEqualTo(0xE74C3C);
        assertThat(embed.path("description").asText().length()).isLessThanOrEqualTo(4096);
        assertThat(embed.path("fields").size()).isLessThanOrEqualTo(25);
        int total = embed.path("title").asText().length()
                + embed.path("description").asText().length()
                + embed.path("footer").path("text").asText().length();
        for (JsonNode f : embed.path("fields")) {
            assertThat(f.path("value").asText().length()).isLessThanOrEqualTo(1024);
            total += f.path("name").asText().length() + f.path("value").asText().length();
        }
        assertThat(total).isLessThanOrEqualTo(6000);
        assertThat(embed.path("fields").get(0).path("value").asText()).isEqualTo("BTC/USDT");
        assertThat(body(r).path("allowed_mentions").path("parse").size()).isZero();
    }

    @Test
    void slackAndTelegramEscapeTheirMarkupAndKeepTheirLimits() throws Exception {
        MarketEvent e = event("a <b> & " + "y".repeat(5000), 12);
        JsonNode slack = body(WebhookFormats.request(target(WebhookKind.SLACK,
                "https://hooks.slack.com/services/T/B/x"), e, 0));
        assertThat(slack.path("blocks").get(0).path("text").path("text").asText().length())
                .isLessThanOrEqualTo(150);
        String section = slack.path("blocks").get(1).path("text").path("text").asText();
        assertThat(section).startsWith("a &lt;b&gt; &amp; ").hasSizeLessThanOrEqualTo(3000);
        assertThat(slack.path("blocks").get(2).path("fields").size()).isEqualTo(10);
        assertThat(slack.path("text").asText()).contains("&lt;severity 5&gt;");

        JsonNode tg = body(WebhookFormats.request(target(WebhookKind.TELEGRAM,
                "https://api.telegram.org/bot1:x/sendMessage"), e, 0));
        String text = tg.path("text").asText();
        assertThat(text).startsWith("<b>CRITICAL \u00b7 BTC/USDT liquidation cascade "
                + "&lt;severity 5&gt;</b>\na &lt;b&gt; &amp; ");
        assertThat(text.length()).isLessThanOrEqualTo(4096);
        assertThat(tg.path("chat_id").asText()).isEqualTo("42");
        // A long text of entities is cut before escaping: never inside one.
        String amps = body(WebhookFormats.request(target(WebhookKind.TELEGRAM,
                "https://api.telegram.org/bot1:x/sendMessage"), event("&".repeat(5000), 0), 0))
                .path("text").asText();
        assertThat(count(amps, "&")).isEqualTo(count(amps, "&amp;") + count(amps, "&lt;")
                + count(amps, "&gt;"));
        assertThat(amps).endsWith("</i>");
        assertThat(tg.path("parse_mode").asText()).isEqualTo("HTML");
    }

    @Test
    void jsonCarriesTheWholeEventTheIdempotencyKeyAndAVerifiableSignature() throws Exception {
        MarketEvent e = event("short", 1);
        WebhookRequest r = WebhookFormats.request(target(WebhookKind.JSON,
                "https://bots.example.com/hook"), e, 1_700_000_000_123L);
        assertThat(MarketJson.read(r.body(), MarketEvent.class)).isEqualTo(e);
        assertThat(r.headers()).containsEntry("Idempotency-Key", e.eventId())
                .containsEntry("webhook-id", e.eventId())
                .containsEntry("webhook-timestamp", "1700000000");
        assertThat(WebhookSignature.verify("s3cret", e.eventId(), 1_700_000_000L, r.body(),
                "v1,bogus " + r.headers().get("webhook-signature"))).isTrue();
        assertThat(WebhookSignature.verify("other", e.eventId(), 1_700_000_000L, r.body(),
                r.headers().get("webhook-signature"))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", e.eventId(), 1_700_000_001L, r.body(),
                r.headers().get("webhook-signature"))).isFalse();
    }

    @Test
    void theSignatureIsTheStandardWebhooksOne() {
        // Computed independently: printf 'msg_1.1700000000.{"a":1}' |
        //   openssl dgst -sha256 -hmac 'secret-key' -binary | base64
        assertThat(WebhookSignature.sign("secret-key", "msg_1", 1_700_000_000L, "{\"a\":1}"))
                .isEqualTo("v1,lw6imERnBOgPJSactsqPD6R9UINRuwbX50zrq5itlyE=");
        // whsec_ secrets are the base64 of the key.
        assertThat(WebhookSignature.sign("whsec_c2VjcmV0LWtleQ==", "msg_1", 1_700_000_000L,
                "{\"a\":1}")).isEqualTo(WebhookSignature.sign("secret-key", "msg_1",
                        1_700_000_000L, "{\"a\":1}"));
    }

    static HttpHeaders headers(Map<String, String> h) {
        return HttpHeaders.of(Map.copyOf(h.entrySet().stream().collect(
                Collectors.toMap(Map.Entry::getKey, x -> List.of(x.getValue())))),
                (a, b) -> true);
    }

    @Test
    void answersAreReadAsEachServiceMeansThem() {
        DeliveryOutcome discord429 = DeliveryOutcome.of(WebhookKind.DISCORD, 429,
                headers(Map.of("Retry-After", "2")), "{\"message\": \"You are being rate "
                        + "limited.\", \"retry_after\": 1.337, \"global\": false}");
        assertThat(discord429.result()).isEqualTo(DeliveryOutcome.Result.RETRY);
        assertThat(discord429.retryAfterMs()).isEqualTo(2000);
        DeliveryOutcome telegram429 = DeliveryOutcome.of(WebhookKind.TELEGRAM, 429,
                headers(Map.of()), "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many "
                        + "Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}");
        assertThat(telegram429.retryAfterMs()).isEqualTo(7000);
        assertThat(telegram429.detail()).isEqualTo("HTTP 429: Too Many Requests: retry after 7");
        assertThat(DeliveryOutcome.of(WebhookKind.DISCORD, 404, headers(Map.of()),
                "{\"message\": \"Unknown Webhook\", \"code\": 10015}"))
                .isEqualTo(new DeliveryOutcome(DeliveryOutcome.Result.REJECTED, 404, 0,
                        "HTTP 404: Unknown Webhook (code 10015)"));
        assertThat(DeliveryOutcome.of(WebhookKind.SLACK, 400, headers(Map.of()),
                "invalid_payload").detail()).isEqualTo("HTTP 400: invalid_payload");
        assertThat(DeliveryOutcome.of(WebhookKind.SLACK, 500, headers(Map.of()),
                "rollup_error").result()).isEqualTo(DeliveryOutcome.Result.RETRY);
        assertThat(DeliveryOutcome.of(WebhookKind.SLACK, 200, headers(Map.of()), "ok").result())
                .isEqualTo(DeliveryOutcome.Result.DELIVERED);
        assertThat(DeliveryOutcome.of(WebhookKind.DISCORD, 204, headers(Map.of()), "").result())
                .isEqualTo(DeliveryOutcome.Result.DELIVERED);
        assertThat(DeliveryOutcome.of(WebhookKind.TELEGRAM, 200, headers(Map.of()),
                "{\"ok\":false,\"description\":\"odd\"}").result())
                .isEqualTo(DeliveryOutcome.Result.REJECTED);
    }
}
