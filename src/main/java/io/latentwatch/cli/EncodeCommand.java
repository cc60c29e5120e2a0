package io.latentwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentwatch.data.Dataset;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.scoring.LatentEncoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latentwatch encode}: writes each record's latent vector. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        description =
                "Write the latent vector of every row (dimensionality reduction), as CSV or JSON"
                        + " lines by the file name's ending.")
final class EncodeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "BUNDLE",
            description = "Model bundle.")
    Path model;

    @Mixin DataOptions input;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description =
                    "Output: .csv, or .jsonl for JSON lines. Each row keeps its row number"
                            + " and label.")
    Path out;

    @Override
    public Integer call() {
        ModelBundle bundle = BundleFile.read(model);
        Dataset data = input.read(spec);
        bundle.manifest().requireFeatures(data.featureNames(), data.name());
        LatentEncoder encoder = new LatentEncoder(bundle);
        float[][] latent = encoder.encode(data);
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            if (out.toString().endsWith(".jsonl")) {
                writeJsonLines(writer, data, latent);
            } else {
                writeCsv(writer, data, latent, encoder.latentSize());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out, e);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "Encoded %d rows into %d latent dimensions: %s%n",
                        data.size(), encoder.latentSize(), out);
        return 0;
    }

    private static void writeCsv(BufferedWriter writer, Dataset data, float[][] latent, int size)
            throws IOException {
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT);
        csv.print("row");
        if (data.hasLabels()) {
            csv.print("label");
        }
        for (int z = 0; z < size; z++) {
            csv.print("z" + z);
        }
        csv.println();
        for (int r = 0; r < latent.length; r++) {
            csv.print(r);
            if (data.hasLabels()) {
                csv.print(data.label(r));
            }
            for (float v : latent[r]) {
                csv.print(v);
            }
            csv.println();
        }
        csv.flush();
    }

    private static void writeJsonLines(BufferedWriter writer, Dataset data, float[][] latent)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (int r = 0; r < latent.length; r++) {
            ObjectNode node = json.createObjectNode().put("row", r);
            if (data.hasLabels()) {
                node.put("label", data.label(r));
            }
            ArrayNode values = node.putArray("latent");
            for (float v : latent[r]) {
                values.add(v);
            }
            writer.write(node.toString());
            writer.newLine();
        }
    }
}
