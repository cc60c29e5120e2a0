package io.latentwatch.training;

import io.latentwatch.data.Dataset;
import io.latentwatch.data.Splits;
import io.latentwatch.model.Manifest;
import io.latentwatch.model.MinMaxScaler;
import io.latentwatch.model.ModelBundle;
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
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a denoising autoencoder on normal records and calibrates its threshold.
 *
 * <p>The network is a stack of dense layers: the encoder narrows the input down to the latent size,
 * a mirrored decoder widens it back, and the output layer reconstructs the scaled input under a
 * mean-squared-error loss. Each epoch feeds freshly corrupted inputs against their clean targets
 * (Vincent et al., 2008). After every epoch the reconstruction error on the clean validation rows
 * is measured; the weights of the best epoch are kept, and the threshold is a percentile of that
 * epoch's validation errors.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final TrainingSettings settings;

    public Trainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /**
     * Trains on {@code training} and calibrates on {@code validation}; both hold normal records
     * only, with the same features.
     */
    public TrainingResult train(String datasetName, Dataset training, Dataset validation) {
        checkInputs(training, validation);
        MinMaxScaler scaler = fitScaler(training);
        float[] trainRows = scaler.transformAll(training);
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

        double[] errors =
                Dl4jScorer.reconstructionErrors(
                        network, validationRows, validation.size(), validation.featureCount());
        double threshold = ThresholdCalibrator.percentile(errors, settings.thresholdPercentile());
        Manifest manifest =
                manifest(
                        datasetName, training, validation, scaler, threshold, errors, fit, seconds);
        log.info(
                "Training finished version={} bestEpoch={} threshold={} seconds={}",
                manifest.modelVersion(),
                fit.bestEpoch(),
                String.format(Locale.ROOT, "%.6f", threshold),
                String.format(Locale.ROOT, "%.1f", seconds));
        double rowsPerSecond = (double) training.size() * fit.epochsRun() / seconds;
        return new TrainingResult(new ModelBundle(manifest, network), seconds, rowsPerSecond);
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

    private static MinMaxScaler fitScaler(Dataset training) {
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
        NeuralNetConfiguration.ListBuilder layers =
                new NeuralNetConfiguration.Builder()
                        .seed(settings.seed())
                        .updater(new Adam(settings.learningRate()))
                        .weightInit(WeightInit.RELU)
                        .list();
        for (int i = 0; i < sizes.size() - 2; i++) {
            layers.layer(
                    new DenseLayer.Builder()
                            .nIn(sizes.get(i))
                            .nOut(sizes.get(i + 1))
                            .activation(Activation.RELU)
                            .build());
        }
        Activation output =
                settings.outputActivation().equals("sigmoid")
                        ? Activation.SIGMOID
                        : Activation.IDENTITY;
        layers.layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
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

    private Fit fitEpochs(
            MultiLayerNetwork network,
            float[] trainRows,
            int rows,
            float[] validationRows,
            Dataset validation) {
        int width = validation.featureCount();
        Corruption corruption =
                new Corruption(settings.noiseSigma(), settings.maskFraction(), settings.seed());
        Random shuffle = new Random(settings.seed());
        List<Double> validationCurve = new ArrayList<>();
        List<Double> trainingCurve = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        INDArray bestParams = null;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long started = System.nanoTime();
            trainingCurve.add(fitOneEpoch(network, trainRows, rows, width, corruption, shuffle));
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
            log.info(
                    "Epoch {}/{} trainingLoss={} validationError={} seconds={}",
                    epoch,
                    settings.epochs(),
                    format(trainingCurve.get(epoch - 1)),
                    format(validationError),
                    String.format(Locale.ROOT, "%.2f", (System.nanoTime() - started) / 1e9));
        }
        network.setParams(bestParams);
        return new Fit(bestEpoch, settings.epochs(), trainingCurve, validationCurve);
    }

    private double fitOneEpoch(
            MultiLayerNetwork network,
            float[] trainRows,
            int rows,
            int width,
            Corruption corruption,
            Random shuffle) {
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
        }
        return lossSum / batches;
    }

    private Manifest manifest(
            String datasetName,
            Dataset training,
            Dataset validation,
            MinMaxScaler scaler,
            double threshold,
            double[] validationErrors,
            Fit fit,
            double seconds) {
        Instant now = Instant.now();
        String dataHash = training.contentHash();
        String version =
                String.format(
                        "%s-%s-%s",
                        slug(datasetName), VERSION_TIME.format(now), dataHash.substring(0, 8));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trainingRows", training.size());
        provenance.put("validationRows", validation.size());
        provenance.put("bestEpoch", fit.bestEpoch());
        provenance.put("trainingLoss", fit.trainingCurve());
        provenance.put("validationError", fit.validationCurve());
        provenance.put("validationErrorQuantiles", quantiles(validationErrors));
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
                "mse",
                threshold,
                String.format(Locale.ROOT, "percentile(%s)", settings.thresholdPercentile()),
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

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private record Fit(
            int bestEpoch,
            int epochsRun,
            List<Double> trainingCurve,
            List<Double> validationCurve) {}
}
