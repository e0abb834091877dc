package io.cistern.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the command line reports errors: one line on stderr and a non-zero exit, the stack trace
 * only with {@code --verbose}. A bad option value (a {@link ParameterException}, from parsing or
 * from a command's own checks) exits 2; a failure the user can act on ({@link CommandFailure})
 * or any other exits 1.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** Exit status of a bad option value, as picocli's own. */
    static final int BAD_USAGE = CommandLine.ExitCode.USAGE;
    /** Exit status of a failed run. */
    static final int FAILED = CommandLine.ExitCode.SOFTWARE;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(name(cmd) + ": " + e.getMessage() + " (see " + name(cmd) + " --help)");
        if (verbose(args)) {
            e.printStackTrace(err);
        }
        err.flush();
        return BAD_USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String message = e instanceof CommandFailure ? e.getMessage()
                : "failed: " + e + (verbose(parsed.originalArgs().toArray(new String[0])) ? "" : " (--verbose shows the stack trace)");
        err.println(name(cmd) + ": " + message);
        if (verbose(parsed.originalArgs().toArray(new String[0]))) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    private static String name(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    private static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                return true;
            }
            if (a.equals("--")) {
                return false;
            }
        }
        return false;
    }
}
