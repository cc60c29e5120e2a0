package io.latentwatch.cli;

import io.latentwatch.data.CsvReader;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.IdxReader;
import io.latentwatch.data.JsonLinesReader;
import io.latentwatch.data.Source;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options that name a data file: a CSV, JSON lines, or IDX images with their labels. */
final class DataOptions {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--csv",
                paramLabel = "FILE",
                description = "CSV with a header row, numeric columns (.gz is read too).")
        Path csv;

        @Option(
                names = "--jsonl",
                paramLabel = "FILE",
                description =
                        "JSON lines: Latentwatch records, or flat objects of numeric fields"
                                + " (.gz is read too).")
        Path jsonLines;

        @Option(
                names = "--idx-images",
                paramLabel = "FILE",
                description = "IDX image file, as MNIST ships them (.gz is read too).")
        Path images;
    }

    @Option(
            names = "--idx-labels",
            paramLabel = "FILE",
            description = "IDX label file of the images.")
    Path labels;

    @Option(
            names = "--label-column",
            paramLabel = "NAME",
            description =
                    "CSV column or JSON field holding the label; it is not used as a feature.")
    String labelColumn;

    /** Reads the named file. */
    Dataset read(CommandSpec spec) {
        if (input.csv != null) {
            if (labels != null) {
                throw new ParameterException(spec.commandLine(), "--idx-labels needs --idx-images");
            }
            return CsvReader.read(Source.of(input.csv), labelColumn);
        }
        if (input.jsonLines != null) {
            if (labels != null) {
                throw new ParameterException(spec.commandLine(), "--idx-labels needs --idx-images");
            }
            return JsonLinesReader.read(Source.of(input.jsonLines), labelColumn);
        }
        if (labelColumn != null) {
            throw new ParameterException(
                    spec.commandLine(), "--label-column needs --csv or --jsonl");
        }
        return IdxReader.read(
                input.images.getFileName().toString(),
                Source.of(input.images),
                labels == null ? null : Source.of(labels));
    }

    /** The file name of the data, for names and versions. */
    String fileName() {
        Path file =
                input.csv != null
                        ? input.csv
                        : input.jsonLines != null ? input.jsonLines : input.images;
        return file.getFileName().toString();
    }
}
