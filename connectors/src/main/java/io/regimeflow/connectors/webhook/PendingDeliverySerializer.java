package io.regimeflow.connectors.webhook;

import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: target name, attempts, failures, the event's JSON form (docs/json-formats.md). */
public final class PendingDeliverySerializer implements SimpleVersionedSerializer<PendingDelivery> {

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(PendingDelivery d) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(d.target());
            out.writeInt(d.attempts());
            out.writeInt(d.failures());
            byte[] event = MarketJson.writeBytes(d.event());
            out.writeInt(event.length);
            out.write(event);
        }
        return bytes.toByteArray();
    }

    @Override
    public PendingDelivery deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown pending-delivery state version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            String target = in.readUTF();
            int attempts = in.readInt();
            int failures = in.readInt();
            byte[] event = new byte[in.readInt()];
            in.readFully(event);
            return new PendingDelivery(target, MarketJson.read(
                    new String(event, StandardCharsets.UTF_8), MarketEvent.class), attempts,
                    failures);
        }
    }
}
