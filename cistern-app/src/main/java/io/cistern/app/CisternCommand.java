package io.cistern.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cistern} command: {@code cistern demo} and whatever joins it. */
@Command(name = "cistern", mixinStandardHelpOptions = true, version = "cistern 0.1.0-SNAPSHOT",
        description = "Production-grade database access for LLM and agent memory stores.",
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class CisternCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "on an error, print the stack trace too")
    boolean verbose;

    /** @return the command line with its error handling: one line per error, the trace with --verbose */
    static CommandLine commandLine() {
        OneLineErrors errors = new OneLineErrors();
        return new CommandLine(new CisternCommand())
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

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
        // A failing connection is reported in one line by OneLineErrors; the pool's retry warnings
        // (with the driver's stack trace) are for --verbose.
        String creator = "org.slf4j.simpleLogger.log.io.cistern.pool.ResourceCreator";
        if (System.getProperty(creator) == null && !java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty(creator, "error");
        }
        System.exit(commandLine().execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
