package io.regimeflow.connectors;

import java.time.Duration;

/**
 * The checks the settings builders make, shared so that every one fails the same way: an
 * {@link IllegalArgumentException} whose message starts with the setting's name, then the value
 * and what it takes ({@code backoff = PT-1S: expected a positive duration}).
 */
public final class SettingChecks {
    private SettingChecks() {}

    /** The error for {@code setting}'s {@code value}, which is not {@code expected}. */
    public static IllegalArgumentException invalid(String setting, Object value,
            String expected) {
        return new IllegalArgumentException(setting + " = " + value + ": expected " + expected);
    }

    /** {@code d}, which must be above zero. */
    public static Duration positive(String setting, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw invalid(setting, d, "a positive duration");
        }
        return d;
    }

    /** {@code value}, which must be {@code min} or more. */
    public static int atLeast(String setting, int value, int min) {
        if (value < min) {
            throw invalid(setting, value, "a whole number of at least " + min);
        }
        return value;
    }

    /** {@code value}, which must lie in [0, 1], or in [0, 1) when {@code belowOne}. */
    public static double probability(String setting, double value, boolean belowOne) {
        if (!(value >= 0 && (belowOne ? value < 1 : value <= 1))) {
            throw invalid(setting, value, belowOne ? "a probability in [0, 1)"
                    : "a number in [0, 1]");
        }
        return value;
    }
}
