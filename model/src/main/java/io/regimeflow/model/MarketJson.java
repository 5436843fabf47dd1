package io.regimeflow.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The one JSON form of every record (documented in {@code docs/json-formats.md}), shared by every
 * sink, the Kafka source and the dashboard: snake_case names, times as UTC epoch milliseconds,
 * exact decimals as strings (as Binance sends them, so no reader rounds them through a double).
 */
public final class MarketJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(decimalsAsStrings())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // Newer producers may add fields; old readers keep working.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private MarketJson() {}

    /** The shared, thread-safe mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises any model record to its JSON form. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /** Serialises any model record to UTF-8 JSON bytes. */
    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads one raw market record and checks it with {@link MarketDataValidator}.
     *
     * @throws MalformedRecordException with a message naming what is wrong
     */
    public static MarketRecord readMarketRecord(String json) {
        MarketData data;
        try {
            data = MAPPER.readValue(json, MarketData.class);
        } catch (IOException e) {
            throw new MalformedRecordException("malformed market record: " + firstLine(e), e);
        }
        if (data == null) {
            throw new MalformedRecordException("malformed market record: null");
        }
        String problem = MarketDataValidator.problem(data);
        if (problem != null) {
            throw new MalformedRecordException("invalid " + kind(data) + ": " + problem);
        }
        return MarketRecord.of(data);
    }

    /** Reads a JSON document into a model type, failing with a one-line message. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new MalformedRecordException(
                    "malformed " + type.getSimpleName() + ": " + firstLine(e), e);
        }
    }

    private static String kind(MarketData data) {
        return data.getClass().getSimpleName();
    }

    private static String firstLine(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static SimpleModule decimalsAsStrings() {
        SimpleModule module = new SimpleModule("regimeflow-decimals");
        module.addSerializer(BigDecimal.class, new JsonSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider sp)
                    throws IOException {
                gen.writeString(value.toPlainString());
            }
        });
        module.addDeserializer(BigDecimal.class, new JsonDeserializer<>() {
            @Override
            public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt)
                    throws IOException {
                JsonToken t = p.currentToken();
                // Exact numbers are accepted as strings (Binance's form) or as JSON numbers.
                if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT
                        || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    String text = p.getText().trim();
                    try {
                        return new BigDecimal(text);
                    } catch (NumberFormatException e) {
                        return (BigDecimal) ctxt.handleWeirdStringValue(
                                BigDecimal.class, text, "not a decimal number");
                    }
                }
                return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
            }
        });
        return module;
    }
}
