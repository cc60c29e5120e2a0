package io.latentwatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentwatch.data.Dataset;
import io.latentwatch.model.BundleException;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.model.SelfCheck;
import io.latentwatch.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ScorersTest {

    private static final ModelBundle SHUTTLE = BundleFile.read(TestModels.shuttleBundle());

    @Test
    void shouldScoreHeldOutRecordsAsDl4jDoesWithinTheTolerance() {
        Dataset rows = TestModels.shuttleHeldOut();

        Scorer engine = Scorers.forBundle(SHUTTLE);

        assertThat(engine).isInstanceOf(EngineScorer.class);
        try (Dl4jScorer dl4j = new Dl4jScorer(SHUTTLE)) {
            for (int i = 0; i < rows.size(); i++) {
                Score ours = engine.score(rows.row(i));
                Score theirs = dl4j.score(rows.row(i));
                assertThat(Scorers.relativeDifference(ours.error(), theirs.error()))
                        .as("row %d: %s against %s", i, ours.error(), theirs.error())
                        .isLessThanOrEqualTo(Scorers.ENGINE_TOLERANCE);
                assertThat(ours.input()).containsExactly(theirs.input());
                assertThat(ours.reconstruction())
                        .containsExactly(theirs.reconstruction(), within(1e-5f));
                assertThat(ours.isAnomaly()).isEqualTo(theirs.isAnomaly());
                assertThat(ours.modelVersion()).isEqualTo(theirs.modelVersion());
            }
        }
    }

    @Test
    void shouldRefuseABundleWhoseStoredErrorsDoNotReproduce() {
        ModelBundle bad = withStoredErrorScaled(SHUTTLE, 3, 1.01);

        assertThatThrownBy(() -> Scorers.forBundle(bad))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(SHUTTLE.manifest().modelVersion())
                .hasMessageContaining("row 3 scores");
    }

    @Test
    void shouldAcceptStoredErrorsThatDifferByRoundingOnly() {
        ModelBundle rounded = withStoredErrorScaled(SHUTTLE, 3, 1 + 1e-6);

        Scorer scorer = Scorers.forBundle(rounded);

        assertThat(scorer).isInstanceOf(EngineScorer.class);
    }

    @Test
    void shouldCheckABundleWithoutSelfCheckOnSyntheticRows() {
        ModelBundle old = SHUTTLE.withSelfCheck(null);
        float[] row = TestModels.shuttleHeldOut().row(0);

        Scorer scorer = Scorers.forBundle(old);

        assertThat(scorer).isInstanceOf(EngineScorer.class);
        try (Dl4jScorer dl4j = new Dl4jScorer(old)) {
            assertThat(scorer.score(row).error())
                    .isCloseTo(dl4j.score(row).error(), within(1e-5 * dl4j.score(row).error()));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Activation.class,
            names = {"RELU", "LEAKYRELU", "TANH", "SIGMOID", "IDENTITY"})
    void shouldEvaluateEverySupportedActivationAsDl4jDoes(Activation hidden) {
        MultiLayerNetwork network = network(hidden, Activation.SIGMOID, 30, 12);
        float[] rows = randomRows(50, 30, 5L);

        DenseEngine engine = DenseEngine.of(network);

        INDArray expected = network.output(Nd4j.create(rows, new long[] {50, 30}, 'c'));
        for (int r = 0; r < 50; r++) {
            float[] row = new float[30];
            System.arraycopy(rows, r * 30, row, 0, 30);
            assertThat(engine.output(row))
                    .containsExactly(expected.getRow(r).toFloatVector(), within(2e-6f));
        }
    }

    @Test
    void shouldFallBackToDl4jForAnActivationTheEngineLacks() {
        ModelBundle elu =
                new ModelBundle(
                        SHUTTLE.manifest(), network(Activation.ELU, Activation.IDENTITY, 9, 4));
        float[] row = TestModels.shuttleHeldOut().row(1);

        Scorer scorer = Scorers.forBundle(elu);

        assertThat(DenseEngine.unsupportedReason(elu.network()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("layer 0", "elu"));
        assertThat(scorer).isInstanceOf(PerThreadDl4jScorer.class);
        try (Dl4jScorer dl4j = new Dl4jScorer(elu)) {
            assertThat(scorer.score(row).error()).isEqualTo(dl4j.score(row).error());
        }
    }

    @Test
    void shouldGiveTheSameScoresWhenSharedByThreads() throws Exception {
        Dataset rows = TestModels.shuttleHeldOut().head(2000, "rows");
        Scorer engine = Scorers.forBundle(SHUTTLE);
        Scorer fallback = new PerThreadDl4jScorer(SHUTTLE);
        double[] expected = errors(engine, rows);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<double[]>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Scorer scorer = t % 2 == 0 ? engine : fallback;
            results.add(pool.submit(() -> errors(scorer, rows)));
        }
        pool.shutdown();

        for (Future<double[]> result : results) {
            double[] got = result.get();
            for (int i = 0; i < got.length; i++) {
                assertThat(Scorers.relativeDifference(got[i], expected[i]))
                        .isLessThanOrEqualTo(Scorers.ENGINE_TOLERANCE);
            }
        }
    }

    private static double[] errors(Scorer scorer, Dataset rows) {
        double[] errors = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            errors[i] = scorer.score(rows.row(i)).error();
        }
        return errors;
    }

    private static ModelBundle withStoredErrorScaled(ModelBundle bundle, int row, double factor) {
        SelfCheck check = bundle.storedSelfCheck().orElseThrow();
        double[] errors = check.errors();
        errors[row] *= factor;
        return bundle.withSelfCheck(new SelfCheck(check.rows(), errors, check.labels()));
    }

    private static MultiLayerNetwork network(
            Activation hidden, Activation output, int inputs, int latent) {
        MultiLayerNetwork network =
                new MultiLayerNetwork(
                        new NeuralNetConfiguration.Builder()
                                .seed(3)
                                .list()
                                .layer(
                                        new DenseLayer.Builder()
                                                .nIn(inputs)
                                                .nOut(latent)
                                                .activation(hidden)
                                                .build())
                                .layer(
                                        new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                                                .nIn(latent)
                                                .nOut(inputs)
                                                .activation(output)
                                                .build())
                                .build());
        network.init();
        return network;
    }

    private static float[] randomRows(int rows, int width, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(4) == 0 ? 0f : (float) random.nextGaussian();
        }
        return values;
    }
}
