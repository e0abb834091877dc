package io.cistern.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cistern} command: {@code cistern demo} and whatever joins it. */
@Command(name = "cistern", mixinStandardHelpOptions = true, version = "cistern 0.1.0-SNAPSHOT",
        description = "Production-grade database access for LLM and agent memory stores.",
        subcommands = {DemoCommand.class, ServeCommand.class, McpCommand.class, CommandLine.HelpCommand.class})
public final class CisternCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // The pools and Flyway log their start at INFO; the demo's progress bar owns stderr.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new CisternCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
