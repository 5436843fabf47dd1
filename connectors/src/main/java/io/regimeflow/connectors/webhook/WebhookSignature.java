package io.regimeflow.connectors.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a generic JSON delivery, after the Standard Webhooks convention
 * (standardwebhooks.com): HMAC-SHA256 over {@code <id>.<timestamp>.<body>} with the shared
 * secret, base64, sent as {@code webhook-signature: v1,<signature>} beside {@code webhook-id}
 * (the event id) and {@code webhook-timestamp} (Unix seconds). The timestamp is signed so a
 * receiver can refuse old deliveries (replays); the id so it can refuse repeats. A secret that
 * starts with {@code whsec_} is the base64 of the key, as the convention has it; any other is
 * used as its UTF-8 bytes.
 */
public final class WebhookSignature {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private WebhookSignature() {}

    public static String sign(String secret, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestampSeconds + "." + body)
                    .getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /**
     * Whether {@code header} (space-separated {@code v1,<sig>} entries) holds the signature of
     * this delivery, compared in constant time. Receivers should also refuse a timestamp more
     * than a few minutes from their clock.
     */
    public static boolean verify(String secret, String id, long timestampSeconds, String body,
            String header) {
        byte[] expected = sign(secret, id, timestampSeconds, body)
                .getBytes(StandardCharsets.UTF_8);
        for (String candidate : header.trim().split(" +")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    static byte[] key(String secret) {
        if (secret.startsWith("whsec_")) {
            return Base64.getDecoder().decode(secret.substring("whsec_".length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
