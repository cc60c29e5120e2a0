package io.latentwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentwatch.data.Dataset;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.scoring.Score;
import io.latentwatch.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFileTest {

    @TempDir Path dir;

    @Test
    void shouldScoreIdenticallyAfterSaveAndLoad() {
        ModelBundle original = BundleFile.read(TestModels.shuttleBundle());
        Path copy = dir.resolve("copy.lwm");

        BundleFile.write(original, copy);
        ModelBundle loaded = BundleFile.read(copy);

        assertThat(loaded.manifest()).isEqualTo(original.manifest());
        Dataset rows = TestModels.shuttleHeldOut().head(200, "rows");
        try (Dl4jScorer before = new Dl4jScorer(original);
                Dl4jScorer after = new Dl4jScorer(loaded)) {
            for (int i = 0; i < rows.size(); i++) {
                Score a = before.score(rows.row(i));
                Score b = after.score(rows.row(i));
                assertThat(b.error()).isEqualTo(a.error());
            }
        }
    }

    @Test
    void shouldKeepTheManifestThatWasTrained() {
        Manifest manifest = BundleFile.readManifest(TestModels.shuttleBundle());

        assertThat(manifest.featureNames()).hasSize(9).startsWith("f0");
        assertThat(manifest.loss()).isEqualTo("mse");
        assertThat(manifest.threshold()).isPositive();
        assertThat(manifest.thresholdMethod()).isEqualTo("percentile(99.5)");
        assertThat(manifest.dataHash()).hasSize(64);
        assertThat(manifest.modelVersion()).startsWith("shuttle-");
        assertThat(manifest.training()).containsEntry("seed", 42);
        assertThat(manifest.provenance())
                .containsKeys(
                        "trainingRows",
                        "validationRows",
                        "validationError",
                        "validationErrorQuantiles");
    }

    @Test
    void shouldRefuseANetworkThatFailsItsChecksum() throws IOException {
        Path tampered =
                rewrite(
                        TestModels.shuttleBundle(),
                        BundleFile.NETWORK,
                        bytes -> {
                            bytes[bytes.length / 2] ^= 0x01;
                            return bytes;
                        });

        assertThatThrownBy(() -> BundleFile.read(tampered))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(tampered.toString())
                .hasMessageContaining("part network.zip fails its SHA-256 check");
    }

    @Test
    void shouldRefuseAnAlteredManifest() throws IOException {
        Path tampered =
                rewrite(
                        TestModels.shuttleBundle(),
                        BundleFile.MANIFEST,
                        bytes ->
                                new String(bytes, StandardCharsets.UTF_8)
                                        .replaceFirst(
                                                "\"threshold\" : [0-9.eE-]+",
                                                "\"threshold\" : 1000")
                                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> BundleFile.read(tampered))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("part manifest.json fails its SHA-256 check");
    }

    @Test
    void shouldStoreTheSelfCheckAndReadItBack() {
        ModelBundle bundle = BundleFile.read(TestModels.shuttleBundle());

        SelfCheck check = bundle.storedSelfCheck().orElseThrow();

        assertThat(check.size()).isEqualTo(64);
        assertThat(check.row(0)).hasSize(9);
        assertThat(java.util.Arrays.stream(check.errors()).min().orElseThrow()).isPositive();
        assertThat(java.util.Arrays.stream(check.errors()).allMatch(Double::isFinite)).isTrue();
        assertThat(check.labels()).containsOnly(0);
    }

    @Test
    void shouldRefuseAnAlteredSelfCheck() throws IOException {
        Path tampered =
                rewrite(
                        TestModels.shuttleBundle(),
                        BundleFile.SELF_CHECK,
                        bytes ->
                                new String(bytes, StandardCharsets.UTF_8)
                                        .replaceFirst("\"errors\":\\[", "\"errors\":[1.0,")
                                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> BundleFile.read(tampered))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("part selfcheck.json fails its SHA-256 check");
    }

    @Test
    void shouldReadABundleWrittenWithoutASelfCheck() {
        ModelBundle original = BundleFile.read(TestModels.shuttleBundle());
        Path old = dir.resolve("old.lwm");

        BundleFile.write(original.withSelfCheck(null), old);
        ModelBundle loaded = BundleFile.read(old);

        assertThat(loaded.storedSelfCheck()).isEmpty();
        assertThat(loaded.manifest()).isEqualTo(original.manifest());
    }

    @Test
    void shouldRefuseATruncatedFileAndAMissingOne() throws IOException {
        byte[] bytes = Files.readAllBytes(TestModels.shuttleBundle());
        Path truncated = dir.resolve("truncated.lwm");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));

        assertThatThrownBy(() -> BundleFile.read(truncated))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(truncated.toString());
        assertThatThrownBy(() -> BundleFile.read(dir.resolve("absent.lwm")))
                .hasMessageContaining("does not exist");
    }

    private Path rewrite(Path bundle, String part, java.util.function.UnaryOperator<byte[]> edit)
            throws IOException {
        Path out = dir.resolve("tampered.lwm");
        try (InputStream in = Files.newInputStream(bundle);
                ZipInputStream zin = new ZipInputStream(in);
                OutputStream os = Files.newOutputStream(out);
                ZipOutputStream zout = new ZipOutputStream(os)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                byte[] content = zin.readAllBytes();
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(e.getName().equals(part) ? edit.apply(content) : content);
                zout.closeEntry();
            }
        }
        return out;
    }
}
