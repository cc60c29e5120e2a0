package io.latentwatch.cli;

import io.latentwatch.data.CsvReader;
import io.latentwatch.data.Dataset;
import io.latentwatch.data.IdxReader;
import io.latentwatch.data.Source;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options that name a data file: a CSV, or IDX images with their labels. */
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
            description = "CSV column holding the label; it is not used as a feature.")
    String labelColumn;

    /** Reads the named file. */
    Dataset read(CommandSpec spec) {
        if (input.csv != null) {
            if (labels != null) {
                throw new ParameterException(spec.commandLine(), "--idx-labels needs --idx-images");
            }
            return CsvReader.read(Source.of(input.csv), labelColumn);
        }
        if (labelColumn != null) {
            throw new ParameterException(spec.commandLine(), "--label-column needs --csv");
        }
        return IdxReader.read(
                input.images.getFileName().toString(),
                Source.of(input.images),
                labels == null ? null : Source.of(labels));
    }

    /** The file name of the data, for names and versions. */
    String fileName() {
        return (input.csv != null ? input.csv : input.images).getFileName().toString();
    }
}
