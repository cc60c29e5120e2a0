package io.latentwatch.cli;

import io.latentwatch.LatentwatchException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code latentwatch} command: one subcommand per verb. */
@Command(
        name = "latentwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Streaming anomaly detection on Kafka with denoising autoencoders.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            EncodeCommand.class,
            DetectCommand.class,
            ProduceCommand.class,
            AlertsCommand.class,
            BrokerCommand.class,
            DemoCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns its exit code: 0 on success, 1 when the work failed (a bad
     * data file, model bundle or config, or an unexpected error), 2 for a bad option.
     */
    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler(
                (e, arguments) -> {
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr().println("latentwatch: " + e.getMessage());
                    cmd.getErr()
                            .println(
                                    "Try '"
                                            + cmd.getCommandSpec().qualifiedName()
                                            + " --help' for the options.");
                    return 2;
                });
        commandLine.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    if (e instanceof LatentwatchException) {
                        cmd.getErr().println("latentwatch: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                });
        return commandLine.execute(args);
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"latentwatch " + (version == null ? "dev" : version)};
        }
    }
}
