package dev.zeropin.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The median and spread of repeated runs; a benchmark reports these, never its best run. */
public record Stats(double median, double min, double max, int runs) {

    public static Stats of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** {@code median unit (min–max, n runs)}, whole numbers. */
    public String format(String unit) {
        return format(unit, 0);
    }

    /** {@code median unit (min–max, n runs)} with {@code decimals} digits after the point. */
    public String format(String unit, int decimals) {
        String number = "%." + decimals + "f";
        return String.format(
                Locale.ROOT, number + " %s (" + number + "–" + number + ", %d runs)", median, unit, min, max, runs);
    }
}
