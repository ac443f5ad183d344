package dev.myelin.data;

/**
 * An input normaliser: fitted on the training split only, then applied unchanged to
 * the validation and test splits and to every input at prediction time.
 *
 * <pre>{@code
 * NormalizerParams params = new StandardScaler().fit(split.train());
 * Split scaled = params.transform(split);
 * }</pre>
 *
 * The fitted {@link NormalizerParams} is a plain record of per-feature numbers, saved with the
 * model so a loaded model scales its inputs exactly as in training.
 *
 * <p>The bundled implementations are immutable and thread-safe, and so are the {@link NormalizerParams} they fit.
 */
public interface Normalizer {
    /** Learns per-feature statistics from {@code train} {@code [n, d]}; never looks at other splits. */
    NormalizerParams fit(Dataset train);
}
