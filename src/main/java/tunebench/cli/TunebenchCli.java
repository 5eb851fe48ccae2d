package tunebench.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import tunebench.engine.runtime.DjlRuntime;

/**
 * The command line: the same engine the workbench uses, for scripted runs. Errors print one
 * readable sentence on stderr and exit non-zero; {@code --verbose} adds the stack trace.
 */
@Command(name = "tunebench", mixinStandardHelpOptions = true, version = "Tunebench 0.1.0",
        description = "Fine-tune and run language models on your own machine.",
        subcommands = {InfoCommand.class, ForwardCommand.class, GenerateCommand.class,
            TrainCommand.class, PretrainCommand.class, SampleDataCommand.class, MergeCommand.class, InitCommand.class, BenchCommand.class, EstimateCommand.class,
            EvaluateCommand.class, PreferenceEvalCommand.class, ScoreCommand.class, DataCommand.class,
            GpuCommand.class})
public final class TunebenchCli implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On errors, also print the stack trace.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs one command line and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        DjlRuntime.configure();
        CommandLine cli = new CommandLine(new TunebenchCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean verbose = parsed.matchedOption("--verbose") != null
                    || hasVerbose(parsed);
            line.getErr().println("Error: " + sentence(e));
            if (verbose) {
                e.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler((e, line) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("Error: " + e.getMessage() + ". See '"
                    + cmd.getCommandSpec().qualifiedName() + " --help'.");
            cmd.getErr().flush();
            return 2;
        });
        return cli.execute(args);
    }

    private static boolean hasVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** One readable sentence: the message of the deepest cause that has one. */
    static String sentence(Throwable e) {
        String message = e.getMessage();
        Throwable t = e;
        while ((message == null || message.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
