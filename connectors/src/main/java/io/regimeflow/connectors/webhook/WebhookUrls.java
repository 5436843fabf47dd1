package io.regimeflow.connectors.webhook;

import java.net.URI;

/**
 * Masks the secret parts of webhook URLs. The token of a Discord, Slack or Telegram webhook is
 * part of its path, so a URL written to a log or a table would hand out the right to post.
 */
public final class WebhookUrls {
    private WebhookUrls() {}

    /**
     * The URL with its credentials masked: user info and query values always; the path after
     * {@code /api/webhooks/<id>/} (Discord), {@code /services/} (Slack) or the token in
     * {@code /bot<token>/} (Telegram).
     */
    public static String mask(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.matches("/api(?:/v\\d+)?/webhooks/[^/]+/[^/]+")) {
            path = path.replaceAll("(/api(?:/v\\d+)?/webhooks/[^/]+/)[^/?]+", "$1***");
        } else if (path.matches("/services/.+")) {
            path = "/services/***";
        } else if (path.matches("/bot[^/]+/[^/]+")) {
            path = path.replaceAll("(/bot)[^/]+", "$1***");
        } else if (path.matches("/[^/]*/.+")) {
            // Other services put keys in paths too (Slack workflows /triggers/<key>, Mattermost
            // /hooks/<key>, Zapier /hooks/catch/<id>/<key>): only the first segment is shown.
            path = path.replaceAll("^(/[^/]*/).+", "$1***");
        }
        String query = url.getRawQuery() == null ? ""
                : "?" + url.getRawQuery().replaceAll("=([^&]*)", "=***");
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + (url.getRawUserInfo() == null ? "" : "***@")
                + url.getHost() + port + path + query;
    }
}
