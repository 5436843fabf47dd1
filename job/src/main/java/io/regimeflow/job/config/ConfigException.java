package io.regimeflow.job.config;

/** A configuration problem, described in one line that names the key, the value and the fix. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** "key = value (from origin): expected ...". */
    public static ConfigException at(String key, Object value, String origin, String expected) {
        String shown = value == null ? "null" : "'" + value + "'";
        return new ConfigException(key + " = " + shown
                + (origin == null ? "" : " (from " + origin + ")") + ": expected " + expected);
    }
}
