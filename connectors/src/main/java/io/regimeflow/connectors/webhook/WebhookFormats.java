package io.regimeflow.connectors.webhook;

import io.regimeflow.model.MarketEvent;

/** The request that delivers an event to a target, in the target's format. */
public final class WebhookFormats {
    private WebhookFormats() {}

    /** @param nowMs when it is sent: the signature's timestamp */
    public static WebhookRequest request(WebhookTarget target, MarketEvent event, long nowMs) {
        return switch (target.kind()) {
            case DISCORD -> DiscordFormat.format(target, event);
            case SLACK -> SlackFormat.format(target, event);
            case TELEGRAM -> TelegramFormat.format(target, event);
            case JSON -> SignedJsonFormat.format(target, event, nowMs);
        };
    }
}
