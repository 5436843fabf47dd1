package io.regimeflow.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The wording of the loader's errors: what a key expects, unknown keys, "did you mean". */
final class ConfigMessages {

    private ConfigMessages() {}

    static String expectation(Class<?> type) {
        if (type == null) {
            return "a value of the right type (see regimeflow-defaults.yaml)";
        } else if (type == int.class || type == Integer.class || type == long.class
                || type == Long.class) {
            return "a whole number";
        } else if (type == double.class || type == Double.class) {
            return "a number";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (type == Duration.class) {
            return ConfigValues.DURATION_FORM;
        } else if (type == Instant.class) {
            return ConfigValues.TIME_FORM;
        } else if (ConfigValues.forms(type).isPresent()) {
            return "one of " + String.join(", ", ConfigValues.forms(type).get());
        } else if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        } else if (List.class.isAssignableFrom(type)) {
            return "a list such as [a, b]";
        } else if (type == String.class) {
            return "a text value (quote it in YAML: \"0123\", \"yes\")";
        }
        return "a mapping of the keys in regimeflow-defaults.yaml";
    }

    static ConfigException unknownKey(String key, JsonNode value, String origin,
            JsonNode known, String prefix) {
        List<String> siblings = new ArrayList<>();
        known.fieldNames().forEachRemaining(n -> siblings.add(prefix.isEmpty() ? n
                : prefix + "." + n));
        return new ConfigException("unknown key '" + ConfigException.shown(key) + "' = '"
                + ConfigException.shown(text(value))
                + "' (from " + origin + "): expected one of " + String.join(", ", siblings)
                + suggestion(key, siblings));
    }

    static String suggestion(String key, Iterable<String> candidates) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance.apply(key.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= 3 ? "; did you mean '" + best + "'?" : "";
    }

    static String fieldList(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
