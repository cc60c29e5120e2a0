package io.latentwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentwatch.model.BundleFile;
import io.latentwatch.model.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: exit codes and the messages of bad input. */
class CommandLineTest {

    @TempDir Path dir;

    private String err;
    private String out;

    private int run(String... args) {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
            err = errBytes.toString(StandardCharsets.UTF_8);
            out = outBytes.toString(StandardCharsets.UTF_8);
        }
    }

    private Path shuttleCsv(int lines) throws IOException {
        Path csv = dir.resolve("shuttle.csv");
        try (var in =
                new GZIPInputStream(
                        getClass()
                                .getClassLoader()
                                .getResourceAsStream("datasets/shuttle/shuttle.csv.gz"))) {
            String[] all = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            Files.writeString(csv, String.join("\n", java.util.Arrays.copyOf(all, lines)) + "\n");
        }
        return csv;
    }

    @Test
    void shouldTrainABundleWithEncoderSizesChosenFromTheInputWidth() throws IOException {
        Path csv = shuttleCsv(1500);
        Path bundle = dir.resolve("s.lwm");

        int exit =
                run(
                        "train",
                        "--csv",
                        csv.toString(),
                        "--label-column",
                        "label",
                        "--normal-label",
                        "0",
                        "--epochs",
                        "2",
                        "--out",
                        bundle.toString());

        assertThat(exit).as(err).isZero();
        assertThat(out).contains("Model bundle written").contains("s.lwm");
        Manifest manifest = BundleFile.readManifest(bundle);
        assertThat(manifest.training())
                .containsEntry("encoder", java.util.List.of(18, 3))
                .containsEntry("outputActivation", "identity");
        assertThat(manifest.featureNames()).doesNotContain("label");
    }

    @Test
    void shouldRefuseABottleneckThatIsNotNarrowerThanTheInput() throws IOException {
        Path csv = shuttleCsv(300);

        int exit =
                run(
                        "train",
                        "--csv",
                        csv.toString(),
                        "--label-column",
                        "label",
                        "--encoder",
                        "16,12",
                        "--out",
                        dir.resolve("x.lwm").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err).contains("No compression: latent size 12 is not narrower than the 9");
    }

    @Test
    void shouldSayHowManyNormalRowsThereAreWhenTooFew() throws IOException {
        Path csv = shuttleCsv(300);

        int exit =
                run(
                        "train",
                        "--csv",
                        csv.toString(),
                        "--label-column",
                        "label",
                        "--normal-label",
                        "5",
                        "--out",
                        dir.resolve("x.lwm").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err).contains("has 0 normal rows with label 5; at least 20 are needed");
    }

    @Test
    void shouldRefuseBadOptionsWithExitCodeTwoAndOneLine() throws IOException {
        Path csv = shuttleCsv(300);

        int epochs = run("train", "--csv", csv.toString(), "--epochs", "0", "--out", "x.lwm");
        String epochsErr = err;
        int port = run("demo", "--metrics-port", "99999");
        String portErr = err;
        int duration = run("demo", "--duration", "0s");

        assertThat(epochs).isEqualTo(2);
        assertThat(epochsErr).contains("epochs 0 must be at least 1").doesNotContain("Usage");
        assertThat(port).isEqualTo(2);
        assertThat(portErr).contains("--metrics-port must be in 0..65535").contains("99999");
        assertThat(duration).isEqualTo(2);
        assertThat(err).contains("--duration must be positive");
    }

    @Test
    void shouldRefuseAMissingConfigFileByName() {
        Path absent = dir.resolve("nope.properties");

        int exit = run("detect", "--config", absent.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err).contains(absent.toString()).contains("does not exist");
    }

    @Test
    void shouldSayWhichSettingIsMissingWhenOnlyTheEnvironmentConfigures() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getenv().keySet().stream().noneMatch(k -> k.startsWith("LATENTWATCH_IN")));

        int exit = run("detect");

        assertThat(exit).isEqualTo(1);
        assertThat(err)
                .startsWith("latentwatch: environment:")
                .contains("\"model.path\"")
                .contains("set model.path or LATENTWATCH_MODEL_PATH");
    }

    @Test
    void shouldRunABrokerAndStopItAfterItsDuration() {
        int exit = run("broker", "--topics", "a,b", "--partitions", "2", "--duration", "1s");

        assertThat(exit).isEqualTo(0);
        assertThat(out).contains("topics a,b with 2 partitions each");
        assertThat(out).containsPattern("bootstrap.servers=[\\w.-]+:\\d+");
    }

    @Test
    void shouldTrainWithAReportThenEvaluateAndEncode() throws IOException {
        Path csv = shuttleCsv(4000);
        Path bundle = dir.resolve("s.lwm");
        Path report = dir.resolve("report");
        Path evaluation = dir.resolve("evaluation");
        Path latent = dir.resolve("latent.csv");

        int trained =
                run(
                        "train",
                        "--csv",
                        csv.toString(),
                        "--label-column",
                        "label",
                        "--normal-label",
                        "0",
                        "--encoder",
                        "16,2",
                        "--epochs",
                        "4",
                        "--threshold",
                        "max-f1",
                        "--out",
                        bundle.toString(),
                        "--report",
                        report.toString());
        int evaluated =
                run(
                        "evaluate",
                        "--model",
                        bundle.toString(),
                        "--csv",
                        csv.toString(),
                        "--label-column",
                        "label",
                        "--out",
                        evaluation.toString(),
                        "--report",
                        evaluation.toString());
        String evaluateOut = out;
        int encoded =
                run(
                        "encode",
                        "--model",
                        bundle.toString(),
                        "--csv",
                        csv.toString(),
                        "--label-column",
                        "label",
                        "--out",
                        latent.toString());

        assertThat(trained).as(err).isZero();
        for (String file : new String[] {"index.html", "loss.png", "errors.png", "latent.png"}) {
            assertThat(report.resolve(file)).isNotEmptyFile();
        }
        assertThat(Files.readString(report.resolve("index.html"))).contains("max-f1");
        assertThat(evaluated).isZero();
        assertThat(evaluateOut).contains("| autoencoder |").contains("| PCA baseline |");
        for (String file : new String[] {"evaluation.json", "evaluation.md", "roc.png", "pr.png"}) {
            assertThat(evaluation.resolve(file)).isNotEmptyFile();
        }
        var json =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(evaluation.resolve("evaluation.json").toFile());
        assertThat(json.get("rows").asInt()).isEqualTo(3999);
        assertThat(json.at("/model/rocAuc").asDouble()).isBetween(0.5, 1.0);
        assertThat(json.at("/pcaBaseline/rocAuc").asDouble()).isBetween(0.5, 1.0);
        assertThat(encoded).isZero();
        java.util.List<String> lines = Files.readAllLines(latent);
        assertThat(lines).hasSize(4000);
        assertThat(lines.get(0)).isEqualTo("row,label,z0,z1");
        assertThat(lines.get(1).split(",")).hasSize(4);
    }

    @Test
    void shouldRefuseAColumnThatLooksLikeALabel() throws IOException {
        Path csv = shuttleCsv(300);

        int exit = run("train", "--csv", csv.toString(), "--out", dir.resolve("x.lwm").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err)
                .contains("column 'label' looks like a label")
                .contains("--label-column label");
    }

    @Test
    void shouldDrawImagesAndTheLatentSpaceInAnImageReport() throws IOException {
        Path images = dir.resolve("images.idx.gz");
        Path labels = dir.resolve("labels.idx.gz");
        copyResource("datasets/mnist/t10k-images-idx3-ubyte.gz", images);
        copyResource("datasets/mnist/t10k-labels-idx1-ubyte.gz", labels);
        Path report = dir.resolve("report");

        int exit =
                run(
                        "train",
                        "--idx-images",
                        images.toString(),
                        "--idx-labels",
                        labels.toString(),
                        "--encoder",
                        "64,2",
                        "--epochs",
                        "2",
                        "--mask",
                        "0.2",
                        "--out",
                        dir.resolve("m.lwm").toString(),
                        "--report",
                        report.toString());

        assertThat(exit).as(err).isZero();
        assertThat(report.resolve("images.png")).isNotEmptyFile();
        assertThat(report.resolve("latent.png")).isNotEmptyFile();
        java.awt.image.BufferedImage grid =
                javax.imageio.ImageIO.read(report.resolve("images.png").toFile());
        // Three rows (originals, corrupted, reconstructed) of ten 28x28 images at 3x zoom.
        assertThat(grid.getHeight()).isEqualTo(3 * (28 * 3 + 2));
        assertThat(grid.getWidth()).isEqualTo(10 * (28 * 3 + 2));
        assertThat(Files.readString(report.resolve("index.html"))).contains("latent silhouette");
    }

    private void copyResource(String resource, Path target) throws IOException {
        try (var in = getClass().getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }

    @Test
    void shouldRefuseDataOfAnotherWidthAndMaxF1WithoutKnownAnomalies() throws IOException {
        Path csv = shuttleCsv(1500);
        Path bundle = dir.resolve("s.lwm");
        run(
                "train",
                "--csv",
                csv.toString(),
                "--label-column",
                "label",
                "--normal-label",
                "0",
                "--epochs",
                "1",
                "--out",
                bundle.toString());
        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "f0,f1,label\n1,2,0\n3,4,1\n");

        int evaluate =
                run(
                        "evaluate",
                        "--model",
                        bundle.toString(),
                        "--csv",
                        narrow.toString(),
                        "--label-column",
                        "label");
        String evaluateErr = err;
        int maxF1 =
                run(
                        "train",
                        "--csv",
                        csv.toString(),
                        "--label-column",
                        "label",
                        "--threshold",
                        "max-f1",
                        "--out",
                        dir.resolve("x.lwm").toString());

        assertThat(evaluate).isEqualTo(1);
        assertThat(evaluateErr)
                .contains("has 2 features")
                .contains("takes 9")
                .contains("differ first at position 2")
                .doesNotContain("at picocli");
        assertThat(maxF1).isEqualTo(2);
        assertThat(err).contains("--threshold max-f1 needs known anomalies");
    }
}
