package io.latentwatch.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentwatch.data.Dataset;
import io.latentwatch.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

    @Test
    void shouldRefuseBceWithoutASigmoidOutputOrWithZScoreScaling() {
        assertThatThrownBy(
                        () ->
                                TrainingSettings.builder()
                                        .loss("bce")
                                        .outputActivation("identity")
                                        .build())
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("Loss bce needs a sigmoid output");
        assertThatThrownBy(() -> TrainingSettings.builder().loss("bce").scaler("zscore").build())
                .hasMessageContaining("z-score scaling gives values outside it");
    }

    @Test
    void shouldNameTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> TrainingSettings.builder().optimizer("adagrad").build())
                .hasMessageContaining("optimizer adagrad must be one of");
        assertThatThrownBy(() -> TrainingSettings.builder().patience(0).build())
                .hasMessageContaining("patience 0 must be at least 1");
    }

    @Test
    void shouldRefuseABottleneckThatIsNotNarrowerThanTheInput() {
        Dataset rows = TestModels.shuttle().head(200, "rows");
        Trainer trainer = new Trainer(TrainingSettings.builder().encoder(List.of(16, 9)).build());

        assertThatThrownBy(() -> trainer.train("s", rows, rows))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("No compression: latent size 9 is not narrower than the 9");
    }

    @Test
    void shouldStopEarlyAndKeepTheBestEpoch() {
        Dataset rows = TestModels.shuttle().head(3000, "rows");
        TrainingSettings settings =
                TestModels.quickSettings().toBuilder()
                        .epochs(50)
                        .patience(2)
                        .learningRate(0.05)
                        .build();

        TrainingResult result =
                new Trainer(settings)
                        .train("s", rows.head(2500, "t"), rows.select(range(2500, 3000), "v"));

        int epochsRun = result.validationError().size();
        int best = (Integer) result.bundle().manifest().provenance().get("bestEpoch");
        assertThat(epochsRun).isLessThan(50);
        assertThat(epochsRun - best).isEqualTo(2);
        double bestError = result.validationError().get(best - 1);
        assertThat(result.validationError())
                .allSatisfy(e -> assertThat(e).isGreaterThanOrEqualTo(bestError));
    }

    @Test
    void shouldGiveTheSameBundleScoresForTheSameDataSettingsAndSeed() {
        Dataset rows = TestModels.shuttle().head(3000, "rows");
        TrainingSettings settings = TestModels.quickSettings().toBuilder().epochs(3).build();

        TrainingResult first =
                new Trainer(settings)
                        .train("s", rows.head(2500, "t"), rows.select(range(2500, 3000), "v"));
        TrainingResult second =
                new Trainer(settings)
                        .train("s", rows.head(2500, "t"), rows.select(range(2500, 3000), "v"));

        // One native thread: bit for bit.
        assertThat(second.validationErrors()).containsExactly(first.validationErrors());
        assertThat(second.bundle().manifest().threshold())
                .isEqualTo(first.bundle().manifest().threshold());
    }

    @Test
    void shouldCorruptWithSaltAndPepperToTheEndsOfTheRange() {
        Corruption corruption = new Corruption(0, 0, 0.5, 1L);
        float[] clean = new float[1000];
        java.util.Arrays.fill(clean, 0.5f);

        float[] noisy = corruption.apply(clean);

        long changed = 0;
        for (float v : noisy) {
            assertThat(v).isIn(0f, 0.5f, 1f);
            changed += v == 0.5f ? 0 : 1;
        }
        assertThat(changed).isBetween(400L, 600L);
        assertThat(clean[0]).as("the clean row is left alone").isEqualTo(0.5f);
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }
}
