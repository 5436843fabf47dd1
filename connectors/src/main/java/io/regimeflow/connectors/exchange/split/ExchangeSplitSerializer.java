package io.regimeflow.connectors.exchange.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Versioned binary form of a {@link ExchangeSplit}, for checkpoints and savepoints. */
public final class ExchangeSplitSerializer implements SimpleVersionedSerializer<ExchangeSplit> {

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ExchangeSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(split.symbol());
        out.writeInt(split.index());
        out.writeUTF(split.stream().id());
        out.writeLong(split.position());
        out.writeLong(split.previous());
        return out.getCopyOfBuffer();
    }

    @Override
    public ExchangeSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Binance split version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String symbol = in.readUTF();
        int index = in.readInt();
        String streamId = in.readUTF();
        ExchangeStream stream = null;
        for (ExchangeStream s : ExchangeStream.values()) {
            if (s.id().equals(streamId)) {
                stream = s;
            }
        }
        if (stream == null) {
            throw new IOException("unknown Binance stream '" + streamId + "' in a split");
        }
        return new ExchangeSplit(symbol, index, stream, in.readLong(), in.readLong());
    }
}
