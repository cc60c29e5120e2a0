package io.latentwatch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentwatch.model.BundleException;
import io.latentwatch.model.BundleFile;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWatcherTest {

    @TempDir Path models;

    private final ScorerFactory scorers = bundle -> () -> new Dl4jScorer(bundle);

    @Test
    void shouldStartWithTheNewestUsableBundleWhenTheNewestIsCorrupt() throws Exception {
        Path good = models.resolve("good.lwm");
        Files.copy(TestModels.shuttleBundle(), good);
        Files.setLastModifiedTime(good, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(models.resolve("newer.lwm"), "not a bundle");

        ModelWatcher watcher = new ModelWatcher(models, scorers);
        ModelWatcher.Model model = watcher.loadInitial();

        assertThat(model.bundle().manifest().modelVersion())
                .isEqualTo(BundleFile.readManifest(good).modelVersion());
        assertThat(watcher.loadedPath()).isEqualTo(good);
        assertThat(watcher.refusedAtStart()).isEqualTo(1);
    }

    @Test
    void shouldNameTheNewestBundleWhenNoneCanBeUsed() throws Exception {
        Files.writeString(models.resolve("a.lwm"), "not a bundle");
        Files.writeString(models.resolve("b.lwm"), "nor this");

        assertThatThrownBy(() -> new ModelWatcher(models, scorers).loadInitial())
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("None of the 2 bundles in model.path " + models)
                .hasMessageContaining(".lwm");
    }

    @Test
    void shouldSayWhenTheDirectoryHoldsNoBundle() {
        assertThatThrownBy(() -> new ModelWatcher(models, scorers).loadInitial())
                .isInstanceOf(BundleException.class)
                .hasMessage("model.path " + models + " holds no .lwm bundle");
    }
}
