package io.regimeflow.job.config;

import io.regimeflow.connectors.jdbc.JdbcSettings;

/** A configuration problem, described in one line that names the key, the value and the fix. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /**
     * "key = value (from origin): expected ...". The value is shown on one line, with any
     * password in it masked.
     */
    public static ConfigException at(String key, Object value, String origin, String expected) {
        String shown = value == null ? "null" : "'" + shown(String.valueOf(value)) + "'";
        return new ConfigException(key + " = " + shown
                + (origin == null ? "" : " (from " + origin + ")") + ": expected " + expected);
    }

    /** A value as it can appear in a one-line message. */
    static String shown(String value) {
        return JdbcSettings.maskPasswords(value)
                .replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
