package io.latentwatch.scoring;

import io.latentwatch.model.BundleException;
import io.latentwatch.model.Manifest;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.model.SelfCheck;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the scorer the detector uses for a model bundle, and proves it first: the single entry
 * point from a loaded bundle to scoring.
 */
public final class Scorers {

    private static final Logger log = LoggerFactory.getLogger(Scorers.class);

    /**
     * Largest relative difference allowed between the engine's and DL4J's reconstruction error of a
     * row. Both compute in single precision, in different orders; measured differences are below
     * 1e-6.
     */
    public static final double ENGINE_TOLERANCE = 1e-5;

    /**
     * Largest relative difference allowed between the error DL4J gives a stored self-check row now
     * and the one the trainer stored. On the machine that trained the bundle the two are equal bit
     * for bit; another CPU or BLAS build may round differently, by far less than this.
     */
    public static final double STORED_TOLERANCE = 1e-4;

    /** Rows of the synthetic check of bundles that store no self-check. */
    static final int SYNTHETIC_ROWS = 64;

    private static final long SYNTHETIC_SEED = 42L;

    private Scorers() {}

    /**
     * The validated scorer of {@code bundle}, thread-safe and meant to be shared by every stream
     * task.
     *
     * <p>It scores the bundle's self-check rows with DL4J and requires the errors the trainer
     * stored to reproduce within {@link #STORED_TOLERANCE}; a bundle written without a self-check
     * is checked on {@value #SYNTHETIC_ROWS} seeded synthetic rows instead, and says so in the log.
     * It then builds the {@link DenseEngine} and requires its errors on the same rows to match
     * DL4J's within {@link #ENGINE_TOLERANCE}. When the network has a layer or activation the
     * engine does not evaluate, or the engine disagrees with DL4J, it logs one warning with the
     * reason and returns a scorer that runs DL4J, one network copy per thread.
     *
     * @param bundle a loaded model bundle; its network is not used after this returns, except by a
     *     DL4J fallback
     * @return an {@link EngineScorer}, or the DL4J fallback; its {@code close()} releases nothing
     *     that other threads use
     * @throws BundleException naming the model version and the first row whose stored error does
     *     not reproduce
     */
    public static Scorer forBundle(ModelBundle bundle) {
        Manifest manifest = bundle.manifest();
        Rows rows = checkRows(bundle);
        MultiLayerNetwork network = bundle.copyNetwork();
        double[] dl4j;
        try {
            rows.expected()
                    .ifPresent(
                            expected ->
                                    requireReproduced(
                                            manifest, rows, batchErrors(network, rows), expected));
            dl4j = rowErrors(network, rows);
        } finally {
            network.close();
        }
        Optional<String> unsupported = DenseEngine.unsupportedReason(bundle.network());
        if (unsupported.isPresent()) {
            return fallback(bundle, "the engine cannot evaluate it: " + unsupported.get());
        }
        EngineScorer engine = new EngineScorer(manifest, DenseEngine.of(bundle.network()));
        double[] ours = engine.reconstructionErrors(rows.scaled(), rows.count());
        int worst = worstRow(ours, dl4j);
        double difference = relativeDifference(ours[worst], dl4j[worst]);
        if (difference > ENGINE_TOLERANCE) {
            return fallback(
                    bundle,
                    String.format(
                            Locale.ROOT,
                            "the engine disagrees with DL4J on %s row %d: %.9g against %.9g",
                            rows.kind(),
                            worst,
                            ours[worst],
                            dl4j[worst]));
        }
        log.info(
                "Scoring engine checked version={} rows={} kind={} maxRelativeDifference={}",
                manifest.modelVersion(),
                rows.count(),
                rows.kind(),
                String.format(Locale.ROOT, "%.2e", difference));
        return engine;
    }

    /** The relative difference of two errors: {@code |a - b| / max(|a|, |b|, 1e-12)}. */
    public static double relativeDifference(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), 1e-12);
    }

    private static Scorer fallback(ModelBundle bundle, String why) {
        log.warn(
                "Scoring with DL4J instead of the engine version={} reason={}",
                bundle.manifest().modelVersion(),
                why);
        return new PerThreadDl4jScorer(bundle);
    }

    private static void requireReproduced(
            Manifest manifest, Rows rows, double[] dl4j, double[] expected) {
        for (int r = 0; r < rows.count(); r++) {
            double difference = relativeDifference(dl4j[r], expected[r]);
            if (!(difference <= STORED_TOLERANCE)) {
                throw new BundleException(
                        String.format(
                                Locale.ROOT,
                                "Model bundle %s fails its self-check: row %d scores %.9g now but"
                                        + " %.9g when trained (relative difference %.2e, allowed"
                                        + " %.0e)",
                                manifest.modelVersion(),
                                r,
                                dl4j[r],
                                expected[r],
                                difference,
                                STORED_TOLERANCE));
            }
        }
    }

    private static int worstRow(double[] ours, double[] dl4j) {
        int worst = 0;
        for (int r = 1; r < ours.length; r++) {
            if (!(relativeDifference(ours[r], dl4j[r])
                    <= relativeDifference(ours[worst], dl4j[worst]))) {
                worst = r;
            }
        }
        return worst;
    }

    /** DL4J's errors of all rows in one call, as the trainer computed the stored ones. */
    private static double[] batchErrors(MultiLayerNetwork network, Rows rows) {
        return Dl4jScorer.reconstructionErrors(network, rows.scaled(), rows.count(), rows.width());
    }

    /** DL4J's errors of each row scored alone, as the detector scores records. */
    private static double[] rowErrors(MultiLayerNetwork network, Rows rows) {
        int width = rows.width();
        double[] errors = new double[rows.count()];
        float[] row = new float[width];
        for (int r = 0; r < rows.count(); r++) {
            System.arraycopy(rows.scaled(), r * width, row, 0, width);
            errors[r] = Dl4jScorer.reconstructionErrors(network, row, 1, width)[0];
        }
        return errors;
    }

    /** The stored self-check rows, scaled; or seeded synthetic rows when there are none. */
    private static Rows checkRows(ModelBundle bundle) {
        Manifest manifest = bundle.manifest();
        int width = manifest.featureCount();
        Optional<SelfCheck> stored = bundle.storedSelfCheck();
        if (stored.isPresent()) {
            List<float[]> raw = stored.get().rows();
            float[] scaled = new float[raw.size() * width];
            float[] row = new float[width];
            for (int r = 0; r < raw.size(); r++) {
                manifest.scaler().transform(raw.get(r), row);
                System.arraycopy(row, 0, scaled, r * width, width);
            }
            return new Rows("stored", scaled, raw.size(), Optional.of(stored.get().errors()));
        }
        log.info(
                "Model bundle has no self-check rows; checking the engine on synthetic rows"
                        + " version={} rows={}",
                manifest.modelVersion(),
                SYNTHETIC_ROWS);
        return new Rows("synthetic", synthetic(width), SYNTHETIC_ROWS, Optional.empty());
    }

    /** Scaled values in [0, 1), about half of them exactly 0 as in images and after a ReLU. */
    private static float[] synthetic(int width) {
        Random random = new Random(SYNTHETIC_SEED);
        float[] rows = new float[SYNTHETIC_ROWS * width];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextBoolean() ? 0f : random.nextFloat();
        }
        return rows;
    }

    private record Rows(String kind, float[] scaled, int count, Optional<double[]> expected) {
        int width() {
            return scaled.length / count;
        }
    }
}
