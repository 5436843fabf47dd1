package io.regimeflow.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The server's side of an RFC 6455 opening handshake, for {@link FakeBinanceStream}: reading the
 * client's HTTP upgrade request and answering it with a switch of protocols or a refusal.
 */
final class WebSocketHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * The upgrade request.
     *
     * @param target the request target, e.g. {@code /stream?streams=btcusdt@forceOrder}
     * @param key {@code Sec-WebSocket-Key}, null when absent
     */
    record Request(String target, String key) {}

    private WebSocketHandshake() {}

    /**
     * Reads the request's head, byte by byte so that nothing past it is consumed.
     *
     * @throws IOException when the connection closes before the head ends
     */
    static Request read(InputStream in) throws IOException {
        List<String> head = readHead(in);
        String requestLine = head.get(0); // GET /stream?streams=... HTTP/1.1
        String key = null;
        for (String h : head) {
            if (h.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = h.substring(h.indexOf(':') + 1).trim();
            }
        }
        return new Request(requestLine.split(" ")[1], key);
    }

    /** Switches to the WebSocket protocol, accepting {@code key}. */
    static void accept(OutputStream out, String key) throws IOException {
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Refuses with {@code status} and Binance's body for a restricted location. */
    static void refuse(OutputStream out, int status) throws IOException {
        byte[] why = ("{\"code\":0,\"msg\":\"Service unavailable from a restricted "
                + "location according to 'b. Eligibility' in https://www.binance.com/en/"
                + "terms. Please contact customer service if you believe you received "
                + "this message in error.\"}").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " Unavailable For Legal Reasons\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + why.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(why);
        out.flush();
    }

    /** Refuses a request that is no upgrade this host takes. */
    static void badRequest(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        int b;
        while ((b = in.read()) != -1) {
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
            prev = b;
        }
        throw new IOException("connection closed during the handshake");
    }

    private static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
