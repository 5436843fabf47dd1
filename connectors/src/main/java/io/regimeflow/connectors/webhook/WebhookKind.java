package io.regimeflow.connectors.webhook;

import java.net.URI;
import java.util.Locale;

/** The receiver a webhook URL points at, which decides the message format. */
public enum WebhookKind {
    /** Discord "Execute Webhook": an embed coloured by severity. */
    DISCORD,
    /** Slack incoming webhook: Block Kit. */
    SLACK,
    /** Telegram Bot API sendMessage, HTML parse mode. */
    TELEGRAM,
    /** Anything else: the full event as JSON, signed (HMAC-SHA256). */
    JSON;

    /** The kind a URL's host implies; JSON for any other host. */
    public static WebhookKind of(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("discord.com") || host.equals("discordapp.com")
                || host.endsWith(".discord.com") || host.endsWith(".discordapp.com")) {
            return DISCORD;
        }
        if (host.equals("hooks.slack.com")) {
            return SLACK;
        }
        if (host.equals("api.telegram.org")) {
            return TELEGRAM;
        }
        return JSON;
    }
}
