package io.regimeflow.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Numbers as people read them in event titles, descriptions and chat messages: percentages with
 * a few significant digits instead of {@code 5.977E-5}, z-scores to one decimal, prices to the
 * price step, USD in k/M/B. Never scientific notation. The {@code data} of events keeps the full
 * doubles; this is only for text.
 */
public final class HumanNumbers {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HumanNumbers() {}

    /** {@code value} to {@code digits} significant digits, plain: 0.005977, 2 -> "0.0060". */
    public static String significant(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : String.valueOf(value);
        }
        BigDecimal d = BigDecimal.valueOf(value)
                .round(new MathContext(digits, RoundingMode.HALF_UP));
        if (d.precision() < digits) {
            d = d.setScale(d.scale() + digits - d.precision()); // 0.01 -> 0.010: as many digits
        }
        return d.toPlainString();
    }

    /** A share as a percentage to two significant digits: 0.00005977 -> "0.0060%". */
    public static String percent2(double share) {
        return significant(share * 100, 2) + "%";
    }

    /** {@link #percent2} with a {@code +} before a positive value: "+0.0060%". */
    public static String signedPercent2(double share) {
        return (share > 0 ? "+" : "") + percent2(share);
    }

    /** A share in basis points to two significant digits: 0.00005977 -> "0.60 bps". */
    public static String bps(double share) {
        return significant(share * 10_000, 2) + " bps";
    }

    /**
     * A funding rate of one interval, then in basis points and per hour: {@code +0.0060% per 8h
     * (0.60 bps; 0.00075%/h)}; an hourly interval has no separate hourly figure.
     */
    public static String fundingRate(double rate, int intervalHours, double hourlyRate) {
        return signedPercent2(rate) + " per " + intervalHours + "h (" + bps(rate)
                + (intervalHours == 1 ? "" : "; " + percent2(hourlyRate) + "/h") + ")";
    }

    /**
     * A share such as a volatility as a percentage: one decimal from 1% ("4.2%"), two
     * significant digits below it ("0.42%").
     */
    public static String percent(double share) {
        double p = share * 100;
        return (Math.abs(p) >= 1 ? String.format(Locale.ROOT, "%.1f", p) : significant(p, 2))
                + "%";
    }

    /** A share as a whole percentage: 0.333 -> "33%". */
    public static String wholePercent(double share) {
        return Math.round(share * 100) + "%";
    }

    /** A z-score to one decimal: "-2.4", never "-0.0". */
    public static String z(double z) {
        String s = String.format(Locale.ROOT, "%.1f", z);
        return s.equals("-0.0") ? "0.0" : s;
    }

    /** A ratio: 2.5512 -> "2.55x". */
    public static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** An amount of USD (no unit): "950", "1.5k", "2.50M", "1.20B". */
    public static String usd(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2fB", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        return a >= 1e3 ? String.format(Locale.ROOT, "%.1fk", v / 1e3)
                : String.format(Locale.ROOT, "%.0f", v);
    }

    /**
     * A price rounded to {@code decimals} places (the price step of its market), or to six
     * significant digits where the step is not known ({@code decimals < 0}).
     */
    public static String price(double price, int decimals) {
        if (decimals < 0) {
            return significant(price, 6);
        }
        return BigDecimal.valueOf(price).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * A UTC time to the minute, {@code 2024-03-13 14:32 UTC} (to the second where it has
     * seconds). The last millisecond of a minute, the close time of a candle, reads as the
     * minute's end.
     */
    public static String utc(long epochMs) {
        long t = Math.floorMod(epochMs + 1, 60_000L) == 0 ? epochMs + 1 : epochMs;
        Instant i = Instant.ofEpochMilli(t);
        return (Math.floorMod(t, 60_000L) == 0 ? MINUTE : SECOND).format(i) + " UTC";
    }

    /**
     * A span of history by its length: "30-day" from two days on (whole days, rounded down),
     * "N-hour" below; so a mean over less than 30 days never calls itself a 30-day one.
     */
    public static String span(long hours) {
        return hours >= 48 ? hours / 24 + "-day" : hours + "-hour";
    }
}
