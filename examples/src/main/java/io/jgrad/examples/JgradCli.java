package io.jgrad.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jgrad} command: {@code devices}, {@code train <model>}, {@code select}, {@code evaluate},
 * {@code predict}, {@code inspect}. Without a subcommand it prints the help.
 */
@Command(name = "jgrad", mixinStandardHelpOptions = true, version = "jgrad 0.1.0-SNAPSHOT",
        description = "Deep learning in pure Java: train the bundled models, select and train a model for your data,"
                + " evaluate and use saved ones, list compute devices.",
        subcommands = {DevicesCommand.class, TrainCommand.class, SelectCommand.class, EvaluateCommand.class,
                PredictCommand.class, InspectCommand.class, CommandLine.HelpCommand.class})
public final class JgradCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** A command line ready to execute, with exceptions reported as one clear line instead of a stack trace. */
    public static CommandLine commandLine() {
        TrainerLayerTypes.register(); // the trainers save, and evaluate, predict and inspect load, their models
        CommandLine cl = new CommandLine(new JgradCli());
        // Help fits the terminal, 80 columns where its width is unknown (picocli's default); long lines wrap.
        cl.setUsageHelpAutoWidth(true);
        // A usage error is one line and a hint, not the whole usage.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("jgrad: " + e.getMessage());
            // "Possible solutions: --epochs" after an unknown option
            CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
            failed.getErr().println("try ./" + failed.getCommandSpec().qualifiedName() + " --help");
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("jgrad: " + message(e));
            commandLine.getErr().println("hint: '" + commandLine.getCommandSpec().qualifiedName() + " --help' shows the"
                    + " options; JAVA_OPTS=-Djgrad.debug=true shows the stack trace");
            if (Boolean.getBoolean("jgrad.debug")) e.printStackTrace(commandLine.getErr());
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    /** An exception as a line for users: file errors name what went wrong with the path, not just the path. */
    static String message(Exception e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException f -> "no such file: " + f.getFile();
            case java.nio.file.AccessDeniedException f -> "permission denied: " + f.getFile();
            case java.nio.file.FileSystemException f ->
                    f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    public static void main(String[] args) { System.exit(commandLine().execute(args)); }
}
