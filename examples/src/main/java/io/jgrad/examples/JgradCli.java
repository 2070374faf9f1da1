package io.jgrad.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code jgrad} command: {@code devices}, {@code train <model>}. Without a subcommand it prints the help. */
@Command(name = "jgrad", mixinStandardHelpOptions = true, version = "jgrad 0.1.0-SNAPSHOT",
        description = "Deep learning in pure Java: train the bundled models, list compute devices.",
        subcommands = {DevicesCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class JgradCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** A command line ready to execute, with exceptions reported as one clear line instead of a stack trace. */
    public static CommandLine commandLine() {
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
            commandLine.getErr().println("jgrad: " + e.getMessage());
            if (Boolean.getBoolean("jgrad.debug")) e.printStackTrace(commandLine.getErr());
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) { System.exit(commandLine().execute(args)); }
}
