package io.regimeflow.connectors.simulator;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Versioned binary form of a {@link SimulatorSplit}, for checkpoints and savepoints. */
public final class SimulatorSplitSerializer implements SimpleVersionedSerializer<SimulatorSplit> {

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SimulatorSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public SimulatorSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown simulator split version " + version);
        }
        return read(new DataInputDeserializer(serialized));
    }

    static void write(SimulatorSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.symbol());
        out.writeInt(split.index());
        out.writeLong(split.cursor().nextOpenTime());
        out.writeDouble(split.cursor().logPrice());
        out.writeDouble(split.cursor().fundingRate());
    }

    static SimulatorSplit read(DataInputView in) throws IOException {
        String symbol = in.readUTF();
        int index = in.readInt();
        SimulatorCursor cursor = new SimulatorCursor(in.readLong(), in.readDouble(),
                in.readDouble());
        return new SimulatorSplit(symbol, index, cursor);
    }
}
