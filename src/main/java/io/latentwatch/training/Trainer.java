package io.latentwatch.training;

import io.latentwatch.data.Dataset;
import io.latentwatch.data.Splits;
import io.latentwatch.model.Manifest;
import io.latentwatch.model.MinMaxScaler;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.model.PcaBaseline;
import io.latentwatch.model.Scaler;
import io.latentwatch.model.SelfCheck;
import io.latentwatch.model.ZScoreScaler;
import io.latentwatch.scoring.Dl4jScorer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a denoising autoencoder on normal records and calibrates its threshold.
 *
 * <p>The network is a stack of dense layers: the encoder narrows the input down to the latent size,
 * a mirrored decoder widens it back, and the output layer reconstructs the scaled input. Each epoch
 * feeds freshly corrupted inputs against their clean targets (Vincent et al., 2008). After every
 * epoch the reconstruction error on the clean validation rows is measured; training stops after
 * {@code patience} epochs without improvement, and the weights of the best epoch are kept. The
 * threshold is then chosen from the validation errors, and a PCA baseline with as many components
 * as the latent size is fitted on the same scaled training rows.
 *
 * <p>The reconstruction error, the score, is always the mean squared error over the scaled
 * features, whichever loss trained the network, so that thresholds compare across models.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Validation rows stored in every bundle's self-check. */
    static final int SELF_CHECK_NORMALS = 64;

    /** Known anomalies stored in the self-check, when labelled rows were given. */
    static final int SELF_CHECK_ANOMALIES = 8;

    private final TrainingSettings settings;
    private final EpochListener listener;

    public Trainer(TrainingSettings settings) {
        this(settings, EpochListener.LOG);
    }

    /** Creates a trainer that reports each epoch to {@code listener}, e.g. a progress bar. */
    public Trainer(TrainingSettings settings, EpochListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Trains on {@code training} and calibrates on {@code validation}; both hold normal records
     * only, with the same features.
     */
    public TrainingResult train(String datasetName, Dataset training, Dataset validation) {
        return train(datasetName, training, validation, null);
    }

    /**
     * Trains on {@code training} and calibrates on {@code validation}, normal records only; when
     * {@code labelled} is given (labels 1 for anomaly, 0 for normal), the calibration is also
     * measured on it, and the {@code max-f1} method chooses the threshold from it.
     */
    public TrainingResult train(
            String datasetName, Dataset training, Dataset validation, Dataset labelled) {
        return train(datasetName, training, validation, labelled, Map.of());
    }

    /**
     * As {@link #train(String, Dataset, Dataset, Dataset)}, recording {@code data} (how the rows
     * were chosen: file, label column, split) in the bundle's provenance.
     */
    public TrainingResult train(
            String datasetName,
            Dataset training,
            Dataset validation,
            Dataset labelled,
            Map<String, ?> data) {
        checkInputs(training, validation);
        Scaler scaler = fitScaler(training);
        float[] trainRows = scaler.transformAll(training);
        checkTargets(trainRows);
        warnAboutConstantFeatures(training);
        float[] validationRows = scaler.transformAll(validation);
        MultiLayerNetwork network = buildNetwork(training.featureCount());
        log.info(
                "Training started dataset={} rows={} validationRows={} layers={} epochs={}",
                datasetName,
                training.size(),
                validation.size(),
                layerSizes(training.featureCount()),
                settings.epochs());

        long start = System.nanoTime();
        Fit fit = fitEpochs(network, trainRows, training.size(), validationRows, validation);
        double seconds = (System.nanoTime() - start) / 1e9;

        int width = validation.featureCount();
        double[] errors =
                Dl4jScorer.reconstructionErrors(network, validationRows, validation.size(), width);
        Scaled known =
                labelled == null
                        ? null
                        : new Scaled(
                                scaler.transformAll(labelled), labels(labelled), labelled.size());
        Calibration calibration = calibrate(errors, known, network, width);
        PcaBaseline baseline =
                fitBaseline(
                        trainRows,
                        training.size(),
                        width,
                        validationRows,
                        validation.size(),
                        known);
        Manifest manifest =
                manifest(
                        datasetName,
                        training,
                        validation,
                        scaler,
                        calibration,
                        errors,
                        fit,
                        seconds,
                        data);
        log.info(
                "Training finished version={} bestEpoch={} epochsRun={} threshold={} seconds={}",
                manifest.modelVersion(),
                fit.bestEpoch(),
                fit.epochsRun(),
                String.format(Locale.ROOT, "%.6f", calibration.threshold()),
                String.format(Locale.ROOT, "%.1f", seconds));
        double rowsPerSecond = (double) training.size() * fit.epochsRun() / seconds;
        SelfCheck check = selfCheck(network, scaler, validation, labelled);
        return new TrainingResult(
                new ModelBundle(manifest, network, baseline, check),
                seconds,
                rowsPerSecond,
                fit.trainingCurve(),
                fit.validationCurve(),
                errors);
    }

    /**
     * Up to {@link #SELF_CHECK_NORMALS} validation rows and {@link #SELF_CHECK_ANOMALIES} known
     * anomalies with the errors the network gives them, scored in one call, as a loaded bundle will
     * score them again.
     */
    private static SelfCheck selfCheck(
            MultiLayerNetwork network, Scaler scaler, Dataset validation, Dataset labelled) {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int r = 0; r < validation.size() && rows.size() < SELF_CHECK_NORMALS; r++) {
            rows.add(validation.row(r));
            labels.add(0);
        }
        int anomalies = 0;
        for (int r = 0; labelled != null && r < labelled.size(); r++) {
            if (anomalies < SELF_CHECK_ANOMALIES && labelled.label(r) == 1) {
                rows.add(labelled.row(r));
                labels.add(1);
                anomalies++;
            }
        }
        int width = validation.featureCount();
        float[] scaled = new float[rows.size() * width];
        float[] row = new float[width];
        for (int r = 0; r < rows.size(); r++) {
            scaler.transform(rows.get(r), row);
            System.arraycopy(row, 0, scaled, r * width, width);
        }
        double[] errors = Dl4jScorer.reconstructionErrors(network, scaled, rows.size(), width);
        return new SelfCheck(rows, errors, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private void checkInputs(Dataset training, Dataset validation) {
        if (training.size() == 0 || validation.size() == 0) {
            throw new TrainingException(
                    "Training needs normal rows for both training and validation, got "
                            + training.size()
                            + " and "
                            + validation.size());
        }
        if (!training.featureNames().equals(validation.featureNames())) {
            throw new TrainingException("Training and validation rows have different features");
        }
        if (settings.latentSize() >= training.featureCount()) {
            throw new TrainingException(
                    String.format(
                            "No compression: latent size %d is not narrower than the %d input"
                                    + " features, so the network can learn the identity; choose"
                                    + " a smaller last encoder layer",
                            settings.latentSize(), training.featureCount()));
        }
    }

    /** Binary cross-entropy is undefined for targets outside [0, 1]. */
    private void checkTargets(float[] scaledRows) {
        if (!settings.loss().equals("bce")) {
            return;
        }
        for (float v : scaledRows) {
            if (v < 0 || v > 1) {
                throw new TrainingException(
                        "Loss bce needs targets in [0, 1], but a scaled training value is "
                                + v
                                + "; use --scaler minmax, or loss mse");
            }
        }
    }

    private static void warnAboutConstantFeatures(Dataset training) {
        List<String> constant = new ArrayList<>();
        for (int f = 0; f < training.featureCount(); f++) {
            float first = training.row(0)[f];
            boolean same = true;
            for (int r = 1; r < training.size() && same; r++) {
                same = training.row(r)[f] == first;
            }
            if (same) {
                constant.add(training.featureNames().get(f));
            }
        }
        if (!constant.isEmpty() && training.imageShape().isEmpty()) {
            log.warn(
                    "Constant features kept count={} names={}; they carry no information in"
                            + " training, and any change in them will raise the error",
                    constant.size(),
                    constant);
        }
    }

    private Scaler fitScaler(Dataset training) {
        if (settings.scaler().equals("zscore")) {
            return ZScoreScaler.fit(training);
        }
        return training.imageShape().isPresent()
                ? MinMaxScaler.fitGlobal(training)
                : MinMaxScaler.fit(training);
    }

    private List<Integer> layerSizes(int inputs) {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(inputs);
        sizes.addAll(settings.encoder());
        for (int i = settings.encoder().size() - 2; i >= 0; i--) {
            sizes.add(settings.encoder().get(i));
        }
        sizes.add(inputs);
        return sizes;
    }

    private MultiLayerNetwork buildNetwork(int inputs) {
        List<Integer> sizes = layerSizes(inputs);
        Activation hidden =
                switch (settings.hiddenActivation()) {
                    case "leakyrelu" -> Activation.LEAKYRELU;
                    case "tanh" -> Activation.TANH;
                    default -> Activation.RELU;
                };
        NeuralNetConfiguration.ListBuilder layers =
                new NeuralNetConfiguration.Builder()
                        .seed(settings.seed())
                        .updater(updater())
                        .l2(settings.l2())
                        .weightInit(hidden == Activation.TANH ? WeightInit.XAVIER : WeightInit.RELU)
                        .list();
        for (int i = 0; i < sizes.size() - 2; i++) {
            layers.layer(
                    new DenseLayer.Builder()
                            .nIn(sizes.get(i))
                            .nOut(sizes.get(i + 1))
                            .activation(hidden)
                            .build());
        }
        Activation output =
                settings.outputActivation().equals("sigmoid")
                        ? Activation.SIGMOID
                        : Activation.IDENTITY;
        LossFunctions.LossFunction loss =
                settings.loss().equals("bce")
                        ? LossFunctions.LossFunction.XENT
                        : LossFunctions.LossFunction.MSE;
        layers.layer(
                new OutputLayer.Builder(loss)
                        .nIn(sizes.get(sizes.size() - 2))
                        .nOut(inputs)
                        .activation(output)
                        .weightInit(WeightInit.XAVIER)
                        .build());
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private IUpdater updater() {
        double rate = settings.learningRate();
        return switch (settings.optimizer()) {
            case "rmsprop" -> new RmsProp(rate);
            case "nesterovs" -> new Nesterovs(rate, 0.9);
            case "sgd" -> new Sgd(rate);
            default -> new Adam(rate);
        };
    }

    private Fit fitEpochs(
            MultiLayerNetwork network,
            float[] trainRows,
            int rows,
            float[] validationRows,
            Dataset validation) {
        int width = validation.featureCount();
        Corruption corruption = Corruption.of(settings);
        Random shuffle = new Random(settings.seed());
        List<Double> validationCurve = new ArrayList<>();
        List<Double> trainingCurve = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        INDArray bestParams = null;
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < settings.epochs() && epoch - bestEpoch < settings.patience()) {
            epoch++;
            long started = System.nanoTime();
            trainingCurve.add(
                    fitOneEpoch(network, trainRows, rows, width, corruption, shuffle, epoch));
            double[] errors =
                    Dl4jScorer.reconstructionErrors(
                            network, validationRows, validation.size(), width);
            double validationError = mean(errors);
            validationCurve.add(validationError);
            if (validationError < best) {
                best = validationError;
                bestEpoch = epoch;
                bestParams = network.params().dup();
            }
            listener.epochDone(
                    epoch,
                    settings.epochs(),
                    trainingCurve.get(epoch - 1),
                    validationError,
                    (System.nanoTime() - started) / 1e9);
        }
        network.setParams(bestParams);
        return new Fit(bestEpoch, epoch, trainingCurve, validationCurve);
    }

    private double fitOneEpoch(
            MultiLayerNetwork network,
            float[] trainRows,
            int rows,
            int width,
            Corruption corruption,
            Random shuffle,
            int epoch) {
        int[] order = Splits.shuffled(rows, shuffle.nextLong());
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < rows; from += settings.batchSize()) {
            int size = Math.min(settings.batchSize(), rows - from);
            float[] clean = new float[size * width];
            float[] noisy = new float[size * width];
            float[] row = new float[width];
            for (int i = 0; i < size; i++) {
                System.arraycopy(trainRows, order[from + i] * width, row, 0, width);
                System.arraycopy(row, 0, clean, i * width, width);
                float[] corrupted = corruption.isNone() ? row : corruption.apply(row);
                System.arraycopy(corrupted, 0, noisy, i * width, width);
            }
            INDArray features = Nd4j.create(noisy, new long[] {size, width}, 'c');
            INDArray labels = Nd4j.create(clean, new long[] {size, width}, 'c');
            network.fit(features, labels);
            lossSum += network.score();
            batches++;
            listener.batchDone(epoch, from + size, rows);
        }
        return lossSum / batches;
    }

    private Calibration calibrate(
            double[] normalErrors, Scaled known, MultiLayerNetwork network, int width) {
        if (known == null) {
            return ThresholdCalibrator.calibrate(settings.threshold(), normalErrors, null, null);
        }
        double[] errors =
                Dl4jScorer.reconstructionErrors(network, known.rows(), known.size(), width);
        return ThresholdCalibrator.calibrate(
                settings.threshold(), normalErrors, errors, known.labels());
    }

    /** Fits PCA with as many components as the latent size, on the same scaled rows. */
    private PcaBaseline fitBaseline(
            float[] trainRows,
            int rows,
            int width,
            float[] validationRows,
            int validationSize,
            Scaled known) {
        PcaBaseline unfitted = PcaBaseline.fit(trainRows, rows, width, settings.latentSize(), 1.0);
        double[] errors = pcaErrors(unfitted, validationRows, validationSize, width);
        double threshold =
                ThresholdCalibrator.calibrate(
                                settings.threshold(),
                                errors,
                                known == null
                                        ? null
                                        : pcaErrors(unfitted, known.rows(), known.size(), width),
                                known == null ? null : known.labels())
                        .threshold();
        return unfitted.withThreshold(Math.max(threshold, Double.MIN_NORMAL));
    }

    private static double[] pcaErrors(PcaBaseline pca, float[] scaled, int rows, int width) {
        double[] errors = new double[rows];
        float[] row = new float[width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(scaled, r * width, row, 0, width);
            errors[r] = pca.reconstructionError(row);
        }
        return errors;
    }

    private static int[] labels(Dataset labelled) {
        int[] labels = new int[labelled.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelled.label(i);
        }
        return labels;
    }

    private Manifest manifest(
            String datasetName,
            Dataset training,
            Dataset validation,
            Scaler scaler,
            Calibration calibration,
            double[] validationErrors,
            Fit fit,
            double seconds,
            Map<String, ?> data) {
        Instant now = Instant.now();
        String dataHash = training.contentHash();
        String version =
                String.format(
                        "%s-%s-%s",
                        slug(datasetName), VERSION_TIME.format(now), dataHash.substring(0, 8));
        Map<String, Object> provenance = new LinkedHashMap<>();
        if (!data.isEmpty()) {
            // Map.copyOf in the manifest refuses nulls: leave unset options out.
            Map<String, Object> given = new LinkedHashMap<>();
            data.forEach(
                    (k, v) -> {
                        if (v != null) {
                            given.put(k, v);
                        }
                    });
            provenance.put("data", given);
        }
        provenance.put("trainingRows", training.size());
        provenance.put("validationRows", validation.size());
        provenance.put("bestEpoch", fit.bestEpoch());
        provenance.put("epochsRun", fit.epochsRun());
        provenance.put("trainingLoss", fit.trainingCurve());
        provenance.put("validationError", fit.validationCurve());
        provenance.put("validationErrorQuantiles", quantiles(validationErrors));
        if (calibration.f1() != null) {
            provenance.put("calibrationPrecision", calibration.precision());
            provenance.put("calibrationRecall", calibration.recall());
            provenance.put("calibrationF1", calibration.f1());
        }
        provenance.put("trainingSeconds", seconds);
        provenance.put("javaVersion", System.getProperty("java.version"));
        provenance.put("dl4jVersion", "1.0.0-M2.1");
        return new Manifest(
                Manifest.FORMAT_VERSION,
                version,
                now.toString(),
                datasetName,
                dataHash,
                training.featureNames(),
                training.imageShape().orElse(null),
                scaler,
                settings.loss(),
                calibration.threshold(),
                calibration.method(),
                settings.asMap(),
                provenance);
    }

    private static Map<String, Double> quantiles(double[] errors) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (double q : new double[] {50, 90, 99, 99.5, 100}) {
            map.put(
                    "p" + String.valueOf(q).replace(".0", ""),
                    ThresholdCalibrator.percentile(errors, q));
        }
        return map;
    }

    private static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return slug.replaceAll("^-+|-+$", "");
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Labelled records, scaled once for calibrating both the model and the baseline. */
    private record Scaled(float[] rows, int[] labels, int size) {}

    private record Fit(
            int bestEpoch,
            int epochsRun,
            List<Double> trainingCurve,
            List<Double> validationCurve) {}
}
