package io.regimeflow.job.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The checks the configuration's validators share: each reports a broken rule as a
 * {@link ConfigException} naming the key, its value, the layer it came from and what is
 * expected.
 */
abstract class ConfigChecks {

    private final Map<String, String> origins;

    ConfigChecks(Map<String, String> origins) {
        this.origins = origins;
    }

    /** URLs of a scheme: {key, value, "http" or "ws"}; null values are skipped. */
    final void checkUrls(String[][] urls) {
        for (String[] kv : urls) {
            String v = kv[1];
            String expected = kv[2].equals("http")
                    ? "an http(s) URL such as https://api.binance.us"
                    : "a ws(s) URL such as wss://fstream.binance.com";
            if (v == null || !(v.startsWith(kv[2] + "://") || v.startsWith(kv[2] + "s://"))) {
                fail(kv[0], v, expected);
            }
            uri(kv[0], v, v, expected);
        }
    }

    /** Parses {@code uri}, reporting problems against the configured {@code value}. */
    final URI uri(String key, String value, String uri, String expected) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null) {
                fail(key, value, expected);
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw ConfigException.at(key, value, origins.getOrDefault(key, "defaults"),
                    expected + " (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    final void ascending(String key, List<Double> values, int size) {
        if (values == null || values.size() != size) {
            fail(key, values, size + " numbers in increasing order");
        }
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !(v > 0) || (i > 0 && v <= values.get(i - 1))) {
                fail(key, values, size + " positive numbers in increasing order");
            }
        }
    }

    final void bootstrapServers(String key, String value) {
        if (value == null || !value.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            fail(key, value, "host:port[,host:port...] such as localhost:9092");
        }
    }

    final void topic(String key, String value) {
        if (value == null || !value.matches("[a-zA-Z0-9._-]{1,249}")) {
            fail(key, value, "a Kafka topic name (letters, digits, . _ -)");
        }
    }

    final void positive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            fail(key, d == null ? null : d.isNegative() ? "-" + d.abs() : d,
                    "a positive duration such as " + ConfigValues.DURATION_EXAMPLES);
        }
    }

    final void positiveNumber(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            fail(key, v, "a number above 0");
        }
    }

    final void probability(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            fail(key, v, "a number in [0, 1]");
        }
    }

    final void atLeast(String key, int v, int min) {
        if (v < min) {
            fail(key, v, "a whole number of at least " + min);
        }
    }

    final void fail(String key, Object value, String expected) {
        throw ConfigException.at(key, value, origin(key), expected);
    }

    /** Where a key was set: its own layer, else that of the nearest key holding it. */
    final String origin(String key) {
        String k = key;
        while (true) {
            String o = origins.get(k);
            if (o != null) {
                return o;
            }
            String parent = k.replaceFirst("(\\.[^.\\[]+|\\[\\d+])$", "");
            if (parent.equals(k)) {
                return "defaults";
            }
            k = parent;
        }
    }
}
