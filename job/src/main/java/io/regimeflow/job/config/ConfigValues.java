package io.regimeflow.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.connectors.webhook.WebhookKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Parsing of the scalar forms the configuration accepts beyond JSON's: durations, times, and the
 * components' own enums in their configuration form ({@code at-least-once} for
 * {@code AT_LEAST_ONCE}).
 */
final class ConfigValues {

    static final String DURATION_EXAMPLES = "500ms, 30s, 15m, 1h, 7d or PT15M";
    static final String DURATION_FORM = "a non-negative duration such as " + DURATION_EXAMPLES;
    static final String TIME_FORM = "a UTC time such as 2024-01-01 or 2024-01-01T00:00:00Z";

    /**
     * The components' enums the configuration binds to, each with the constants it accepts, in
     * the order the error message lists them.
     */
    private static final Map<Class<?>, List<? extends Enum<?>>> BOUND_ENUMS = Map.of(
            WebhookKind.class, List.of(WebhookKind.values()),
            MarketRecordTopic.Start.class, List.of(MarketRecordTopic.Start.values()),
            // NONE is not offered: the Kafka sinks promise at least once.
            DeliveryGuarantee.class,
            List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE));

    private static final Pattern SHORT_DURATION =
            Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private ConfigValues() {}

    /** Parses {@code 15m}, {@code 1h}, {@code PT15M}...; null when the text is no duration. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses {@code 2024-01-01} or an ISO instant; null when the text is neither. */
    static Instant parseTime(String text) {
        String t = text.trim();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** A constant's configuration form: its name in lower case, {@code _} as {@code -}. */
    static String form(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The configuration forms a bound enum accepts, in order; none for any other type. */
    static Optional<List<String>> forms(Class<?> type) {
        return Optional.ofNullable(BOUND_ENUMS.get(type))
                .map(constants -> constants.stream().<String>map(ConfigValues::form).toList());
    }

    /**
     * The constant of a bound enum that {@code text} names: its form, or (as Jackson's own enum
     * binding took it, kept so no value accepted before is refused now) its position in the
     * accepted list; null for any other text.
     */
    private static <E extends Enum<E>> E constant(Class<E> type, String text) {
        List<? extends Enum<?>> accepted = BOUND_ENUMS.get(type);
        for (Enum<?> c : accepted) {
            if (form(c).equals(text)) {
                return type.cast(c);
            }
        }
        if (text.matches("\\d{1,9}") && Integer.parseInt(text) < accepted.size()) {
            return type.cast(accepted.get(Integer.parseInt(text)));
        }
        return null;
    }

    /**
     * Jackson deserializers for these forms; a bad value becomes an InvalidFormatException, whose
     * target type {@link ConfigMessages#expectation} words.
     */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("regimeflow-config-values");
        addEnum(m, WebhookKind.class);
        addEnum(m, MarketRecordTopic.Start.class);
        addEnum(m, DeliveryGuarantee.class);
        m.addDeserializer(Duration.class, parsing(Duration.class,
                t -> Optional.ofNullable(parseDuration(t)).filter(d -> !d.isNegative())
                        .orElse(null), DURATION_FORM));
        m.addDeserializer(Instant.class, parsing(Instant.class, ConfigValues::parseTime,
                TIME_FORM));
        return m;
    }

    private static <E extends Enum<E>> void addEnum(SimpleModule m, Class<E> type) {
        m.addDeserializer(type, parsing(type, t -> constant(type, t),
                "one of " + String.join(", ", forms(type).orElseThrow())));
    }

    /** A deserializer from text; {@code parser} returns null for text it does not accept. */
    private static <T> JsonDeserializer<T> parsing(Class<T> type, Function<String, T> parser,
            String form) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                T value = text == null ? null : parser.apply(text);
                if (value == null) {
                    throw ctxt.weirdStringException(text == null ? p.getText() : text, type,
                            form);
                }
                return value;
            }
        };
    }
}
