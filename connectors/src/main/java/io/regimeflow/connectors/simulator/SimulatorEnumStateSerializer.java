package io.regimeflow.connectors.simulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Versioned binary form of a {@link SimulatorEnumState}. */
public final class SimulatorEnumStateSerializer
        implements SimpleVersionedSerializer<SimulatorEnumState> {

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SimulatorEnumState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.pending().size());
        for (SimulatorSplit split : state.pending()) {
            SimulatorSplitSerializer.write(split, out);
        }
        out.writeInt(state.knownSymbols().size());
        for (String symbol : new java.util.TreeSet<>(state.knownSymbols())) {
            out.writeUTF(symbol);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public SimulatorEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown simulator enumerator state version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int n = in.readInt();
        List<SimulatorSplit> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pending.add(SimulatorSplitSerializer.read(in));
        }
        int k = in.readInt();
        java.util.Set<String> known = new java.util.HashSet<>();
        for (int i = 0; i < k; i++) {
            known.add(in.readUTF());
        }
        return new SimulatorEnumState(pending, known);
    }
}
