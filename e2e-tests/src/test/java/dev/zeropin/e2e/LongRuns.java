package dev.zeropin.e2e;

/**
 * Sizes of the race and fault tests: a short form for every build, a long form with more
 * iterations and load under the {@code long} Maven profile ({@code -Dzeropin.long=true}).
 */
final class LongRuns {

    private LongRuns() {}

    static boolean enabled() {
        return Boolean.getBoolean("zeropin.long");
    }

    /** {@code shortForm} in CI, {@code longForm} in the long profile. */
    static int size(int shortForm, int longForm) {
        return enabled() ? longForm : shortForm;
    }
}
