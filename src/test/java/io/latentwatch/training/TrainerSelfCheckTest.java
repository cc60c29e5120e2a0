package io.latentwatch.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentwatch.data.Dataset;
import io.latentwatch.data.Splits;
import io.latentwatch.model.SelfCheck;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.testing.TestModels;
import org.junit.jupiter.api.Test;

class TrainerSelfCheckTest {

    @Test
    void shouldStoreValidationRowsAndKnownAnomaliesWithTheirErrors() {
        Dataset all = TestModels.shuttleHeldOut();
        Dataset normal = all.select(Splits.withLabel(all, 0), "normal");
        Dataset training = normal.head(1500, "training");
        Dataset validation =
                normal.select(Splits.range(Splits.shuffled(normal.size(), 1L), 0, 300), "val");
        TrainingSettings settings =
                TrainingSettings.builder()
                        .encoder(java.util.List.of(16, 4))
                        .epochs(1)
                        .batchSize(256)
                        .build();

        TrainingResult result = new Trainer(settings).train("shuttle", training, validation, all);

        SelfCheck check = result.bundle().storedSelfCheck().orElseThrow();
        assertThat(check.size()).isEqualTo(Trainer.SELF_CHECK_NORMALS + 8);
        assertThat(check.labels()).containsOnly(0, 1);
        assertThat(check.row(0)).containsExactly(validation.row(0));
        assertThat(check.row(Trainer.SELF_CHECK_NORMALS)).hasSize(9);
        try (Dl4jScorer scorer = new Dl4jScorer(result.bundle())) {
            assertThat(check.errors()[5])
                    .isCloseTo(
                            scorer.score(validation.row(5)).error(),
                            org.assertj.core.api.Assertions.within(1e-6));
        }
    }
}
