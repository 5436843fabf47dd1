package io.regimeflow.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the scalar forms the configuration accepts beyond JSON's: durations and times. */
final class ConfigValues {

    static final String DURATION_EXAMPLES = "500ms, 30s, 15m, 1h, 7d or PT15M";
    static final String DURATION_FORM = "a non-negative duration such as " + DURATION_EXAMPLES;
    static final String TIME_FORM = "a UTC time such as 2024-01-01 or 2024-01-01T00:00:00Z";

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

    /** Jackson deserializers for the two forms; a bad value becomes an InvalidFormatException. */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("regimeflow-config-values");
        m.addDeserializer(Duration.class, parsing(Duration.class,
                t -> Optional.ofNullable(parseDuration(t)).filter(d -> !d.isNegative())
                        .orElse(null), DURATION_FORM));
        m.addDeserializer(Instant.class, parsing(Instant.class, ConfigValues::parseTime,
                TIME_FORM));
        return m;
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
