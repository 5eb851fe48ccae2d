package tunebench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code data}: check and fix a dataset file before training on it. Every subcommand reads any
 * format Tunebench knows (Alpaca, Dolly, ShareGPT, messages, OpenAssistant, preference pairs,
 * text; JSON, JSON Lines or CSV) and writes new files atomically, never over its input unless
 * told to with {@code --force}.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Validate, convert, deduplicate, split, shuffle and summarise dataset files.",
        subcommands = {DataValidateCommand.class, DataStatsCommand.class, DataConvertCommand.class,
            DataDedupCommand.class, DataSplitCommand.class, DataShuffleCommand.class})
final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
