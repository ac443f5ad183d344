package dev.myelin.nn;

import dev.myelin.util.ArgumentChecks;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How a weight matrix {@code W [fanIn, fanOut]} (for {@code z = x·W + b}) is filled before training.
 *
 * <p>Formulas, with {@code n_in = fanIn}, {@code n_out = fanOut}:
 * <ul>
 *   <li>{@link InitKind#ZEROS}, {@link InitKind#CONSTANT} {@code value}</li>
 *   <li>{@link InitKind#NORMAL} {@code N(0, value²)}; {@link InitKind#UNIFORM} {@code U(−value, value)}</li>
 *   <li>{@link InitKind#FAN_IN_UNIFORM} {@code U(−1/√n_in, 1/√n_in)}</li>
 *   <li>Xavier/Glorot: uniform {@code U(−a, a)} with {@code a = √(6/(n_in+n_out))}, normal {@code N(0, 2/(n_in+n_out))}</li>
 *   <li>He/Kaiming: uniform {@code U(−a, a)} with {@code a = √(6/n_in)}, normal {@code N(0, 2/n_in)}</li>
 *   <li>LeCun normal {@code N(0, 1/n_in)}</li>
 *   <li>{@link InitKind#SPARSE}: every unit gets exactly {@code count} non-zero incoming weights drawn
 *       {@code N(0, value²)} at rows chosen uniformly without replacement, all others 0 (Martens 2010)</li>
 * </ul>
 * Normal draws use Box–Muller over {@link SplittableRandom}, so a seed gives the same weights on
 * every JVM.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind  the scheme
 * @param value the constant, the standard deviation or the half-width, where the scheme has one
 * @param count the number of non-zero incoming weights per unit for {@link InitKind#SPARSE}
 */
public record Initializer(InitKind kind, double value, int count) {

    /** The schemes. */
    public enum InitKind {
        ZEROS, CONSTANT, NORMAL, UNIFORM, FAN_IN_UNIFORM, XAVIER_UNIFORM, XAVIER_NORMAL, HE_UNIFORM, HE_NORMAL,
        LECUN_NORMAL, SPARSE
    }

    public Initializer {
        ArgumentChecks.notNull("initialiser kind", kind);
        ArgumentChecks.finite("initialiser value", value);
        if ((kind == InitKind.NORMAL || kind == InitKind.UNIFORM || kind == InitKind.SPARSE) && value <= 0) {
            throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " initialiser needs a scale > 0, got " + value);
        }
        if (kind == InitKind.SPARSE && count < 1) {
            throw new IllegalArgumentException("sparse initialiser needs at least 1 non-zero weight per unit, got " + count);
        }
    }

    public static Initializer zeros() {
        return new Initializer(InitKind.ZEROS, 0, 0);
    }

    public static Initializer constant(double value) {
        return new Initializer(InitKind.CONSTANT, value, 0);
    }

    /** {@code N(0, std²)}. */
    public static Initializer normal(double std) {
        return new Initializer(InitKind.NORMAL, std, 0);
    }

    /** {@code U(−halfWidth, halfWidth)}. */
    public static Initializer uniform(double halfWidth) {
        return new Initializer(InitKind.UNIFORM, halfWidth, 0);
    }

    /** {@code U(−1/√fan_in, 1/√fan_in)}. */
    public static Initializer fanInUniform() {
        return new Initializer(InitKind.FAN_IN_UNIFORM, 0, 0);
    }

    public static Initializer xavierUniform() {
        return new Initializer(InitKind.XAVIER_UNIFORM, 0, 0);
    }

    public static Initializer xavierNormal() {
        return new Initializer(InitKind.XAVIER_NORMAL, 0, 0);
    }

    public static Initializer heUniform() {
        return new Initializer(InitKind.HE_UNIFORM, 0, 0);
    }

    public static Initializer heNormal() {
        return new Initializer(InitKind.HE_NORMAL, 0, 0);
    }

    public static Initializer lecunNormal() {
        return new Initializer(InitKind.LECUN_NORMAL, 0, 0);
    }

    /** Exactly {@code nonZeroPerUnit} incoming weights per unit, drawn {@code N(0, std²)}. */
    public static Initializer sparse(int nonZeroPerUnit, double std) {
        return new Initializer(InitKind.SPARSE, std, nonZeroPerUnit);
    }

    /**
     * Parses {@code zeros, constant:c, normal:σ, uniform:a, fan_in_uniform, xavier_uniform, xavier_normal,
     * he_uniform, he_normal, lecun_normal, sparse:k[:σ]}.
     */
    public static Initializer parse(String text) {
        String[] p = text.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            return switch (p[0]) {
                case "zeros" -> zeros();
                case "constant" -> constant(Double.parseDouble(p[1]));
                case "normal" -> normal(Double.parseDouble(p[1]));
                case "uniform" -> uniform(Double.parseDouble(p[1]));
                case "fan_in_uniform" -> fanInUniform();
                case "xavier_uniform", "glorot_uniform" -> xavierUniform();
                case "xavier_normal", "glorot_normal" -> xavierNormal();
                case "he_uniform", "kaiming_uniform" -> heUniform();
                case "he_normal", "kaiming_normal" -> heNormal();
                case "lecun_normal" -> lecunNormal();
                case "sparse" -> sparse(Integer.parseInt(p[1]), p.length > 2 ? Double.parseDouble(p[2]) : 1.0);
                default -> throw new IllegalArgumentException("unknown initialiser '" + text + "'");
            };
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("initialiser '" + text + "' needs a numeric parameter, e.g. normal:0.01 or sparse:15", e);
        }
    }

    /**
     * Fills {@code w[offset .. offset + fanIn·fanOut)} as the row-major matrix {@code [fanIn, fanOut]}.
     */
    public void fill(double[] w, int offset, int fanIn, int fanOut, SplittableRandom rng) {
        int n = fanIn * fanOut;
        switch (kind) {
            case ZEROS -> java.util.Arrays.fill(w, offset, offset + n, 0.0);
            case CONSTANT -> java.util.Arrays.fill(w, offset, offset + n, value);
            case NORMAL -> fillNormal(w, offset, n, value, rng);
            case UNIFORM -> fillUniform(w, offset, n, value, rng);
            case FAN_IN_UNIFORM -> fillUniform(w, offset, n, 1.0 / Math.sqrt(fanIn), rng);
            case XAVIER_UNIFORM -> fillUniform(w, offset, n, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
            case XAVIER_NORMAL -> fillNormal(w, offset, n, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
            case HE_UNIFORM -> fillUniform(w, offset, n, Math.sqrt(6.0 / fanIn), rng);
            case HE_NORMAL -> fillNormal(w, offset, n, Math.sqrt(2.0 / fanIn), rng);
            case LECUN_NORMAL -> fillNormal(w, offset, n, Math.sqrt(1.0 / fanIn), rng);
            case SPARSE -> fillSparse(w, offset, fanIn, fanOut, rng);
        }
    }

    private void fillSparse(double[] w, int offset, int fanIn, int fanOut, SplittableRandom rng) {
        if (count > fanIn) {
            throw new IllegalArgumentException("sparse initialiser wants " + count + " non-zero incoming weights per unit but the layer has only "
                    + fanIn + " inputs; use sparse:k with k <= " + fanIn);
        }
        java.util.Arrays.fill(w, offset, offset + fanIn * fanOut, 0.0);
        int[] rows = new int[fanIn];
        for (int unit = 0; unit < fanOut; unit++) {
            for (int i = 0; i < fanIn; i++) {
                rows[i] = i;
            }
            for (int i = 0; i < count; i++) { // partial Fisher–Yates: the first `count` rows are a uniform sample
                int j = i + rng.nextInt(fanIn - i);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
                w[offset + rows[i] * fanOut + unit] = value * gaussian(rng);
            }
        }
    }

    private static void fillUniform(double[] w, int offset, int n, double halfWidth, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            w[offset + i] = (2 * rng.nextDouble() - 1) * halfWidth;
        }
    }

    private static void fillNormal(double[] w, int offset, int n, double std, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            w[offset + i] = std * gaussian(rng);
        }
    }

    /** One standard normal draw by Box–Muller (the cosine branch), independent of the JDK's own algorithm. */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble(); // in (0, 1]: log is finite
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case CONSTANT, NORMAL, UNIFORM -> name + ":" + value;
            case SPARSE -> name + ":" + count + ":" + value;
            default -> name;
        };
    }
}
