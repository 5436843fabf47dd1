package io.regimeflow.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client connection of {@link FakeBinanceStream} after its handshake: RFC 6455 frames in
 * and out, and the streams (topics, channels) the client is subscribed to.
 */
final class WebSocketConnection {

    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** A frame as received: its opcode and unmasked payload. */
    record Frame(int opcode, byte[] payload) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Set<String> streams = ConcurrentHashMap.newKeySet();
    /** Set by {@link #silence}: this connection answers and delivers nothing more. */
    private volatile boolean silenced;

    WebSocketConnection(Socket socket, Set<String> streams) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.streams.addAll(streams);
    }

    /** The streams subscribed to, live: a subscription adds to it. */
    Set<String> streams() {
        return streams;
    }

    void silence() {
        silenced = true;
    }

    boolean silenced() {
        return silenced;
    }

    /**
     * Blocks for the client's next frame.
     *
     * @throws IOException when the connection ends
     */
    Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new Frame(b0 & 0x0f, payload);
    }

    /** Sends one unmasked, final frame; frames of concurrent senders do not interleave. */
    synchronized void send(int opcode, byte[] payload) throws IOException {
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length < 65536) {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >> (8 * i)) & 0xff);
            }
        }
        out.write(payload);
        out.flush();
    }

    /** Closes the socket, without a close frame. */
    void drop() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
