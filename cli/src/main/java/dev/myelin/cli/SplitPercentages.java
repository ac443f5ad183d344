package dev.myelin.cli;

/**
 * {@code --split train/validation/test} in percent, e.g. {@code 70/15/15}: three finite numbers ≥ 0 adding up to 100,
 * with a non-empty training and validation part (the test part may be 0: the validation set is then reported).
 *
 * @param train      training share, a fraction in (0, 1]
 * @param validation validation share, a fraction in (0, 1)
 * @param test       test share, a fraction in [0, 1)
 */
record SplitPercentages(double train, double validation, double test) {

    private static final String FORM = "--split takes train/validation/test percentages that add up to 100, such as 70/15/15";

    static SplitPercentages parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(FORM + "; got '" + text + "' (" + parts.length + " part" + (parts.length == 1 ? "" : "s") + ")");
        }
        double[] percent = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                percent[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(FORM + "; '" + parts[i].trim() + "' in '" + text + "' is not a number");
            }
            if (!Double.isFinite(percent[i]) || percent[i] < 0) {
                throw new IllegalArgumentException(FORM + "; got " + parts[i].trim() + " in '" + text + "', each part must be a finite number >= 0");
            }
        }
        double sum = percent[0] + percent[1] + percent[2];
        if (Math.abs(sum - 100) > 1e-6) {
            String hint = Math.abs(sum - 1) < 1e-6 ? " (these look like fractions: multiply each by 100, e.g. "
                    + pct(percent[0]) + "/" + pct(percent[1]) + "/" + pct(percent[2]) + ")" : "";
            throw new IllegalArgumentException(FORM + "; '" + text + "' adds up to " + trim(sum) + hint);
        }
        if (percent[0] == 0 || percent[1] == 0) {
            throw new IllegalArgumentException(FORM + "; '" + text + "' leaves the " + (percent[0] == 0 ? "training" : "validation")
                    + " part empty, and training needs both a training and a validation part (the test part may be 0)");
        }
        return new SplitPercentages(percent[0] / 100, percent[1] / 100, percent[2] / 100);
    }

    /** The percentages as the option writes them: {@code 70/15/15}. */
    String percentages() {
        return pct(train) + "/" + pct(validation) + "/" + pct(test);
    }

    /** The converter of {@code --split}. */
    static final class Converter extends OptionLanguage<SplitPercentages> {
        Converter() {
            super(SplitPercentages::parse);
        }
    }

    private static String pct(double fraction) {
        return trim(fraction * 100);
    }

    private static String trim(double value) {
        double rounded = Math.round(value * 1e6) / 1e6;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
