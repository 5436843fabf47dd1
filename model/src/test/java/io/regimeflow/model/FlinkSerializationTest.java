package io.regimeflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record crosses Flink's network and state as a POJO: with generic types disabled (as the
 * job runs), building the serializer fails if any field would fall back to Kryo.
 */
class FlinkSerializationTest {

    static Stream<Object> records() {
        return Stream.of(Samples.candle(), Samples.book(), Samples.funding(),
                Samples.liquidation(), Samples.builtCandle(), Samples.snapshot(), Samples.event(),
                MarketRecord.of(Samples.candle()), MarketRecord.of(Samples.book()),
                MarketRecord.of(Samples.funding()), MarketRecord.of(Samples.liquidation()));
    }

    @ParameterizedTest
    @MethodSource("records")
    @SuppressWarnings("unchecked")
    void roundTripsThroughPojoSerializerWithoutKryo(Object value) throws Exception {
        TypeInformation<Object> type = (TypeInformation<Object>) TypeInformation.of(value.getClass(
                ));
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertNoGenericField(type);

        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<Object> serializer = type.createSerializer(config);

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        Object back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(value);
    }

    private static void assertNoGenericField(TypeInformation<?> type) {
        assertThat(type).isNotInstanceOf(GenericTypeInfo.class);
        if (type instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                assertNoGenericField(pojo.getPojoFieldAt(i).getTypeInformation());
            }
        }
        for (TypeInformation<?> generic : List.copyOf(type.getGenericParameters().values())) {
            assertNoGenericField(generic);
        }
    }
}
