package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} launcher: the only place that wires implementations together. */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        version = "sluice 0.1.0",
        description = "An OpenAI-compatible LLM-serving frontend and router with decode tiers by sequence length.",
        subcommands = {
            ServeCommand.class,
            FrontendCommand.class,
            WorkerCommand.class,
            BenchCommand.class,
            SimulateCommand.class,
            PlanCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    /** DJL probes for CUDA at start-up and warns when there is none; a router never needs a GPU. */
    private static final java.util.logging.Logger DJL_LOG = java.util.logging.Logger.getLogger("ai.djl");

    public static void main(String[] args) {
        DJL_LOG.setLevel(java.util.logging.Level.SEVERE);
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
                        cmd.getErr().println("sluice: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                });
    }
}
