package io.regimeflow.bench;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** The size of a state object as Flink's own (POJO) serializer writes it to a checkpoint. */
final class StateSize {
    private StateSize() {}

    @SuppressWarnings("unchecked")
    static <T> long of(T value) throws IOException {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = ((TypeInformation<T>) TypeInformation.of(value.getClass()))
                .createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(value, out);
        return out.length();
    }
}
