package tunebench.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import tunebench.engine.data.DatasetFixes;

/** Where a {@code data} fix writes: a file of the user's, or one beside the input, never over it. */
final class DataOutput {

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "File to write. Default: beside the input, NAME.<what was done>.EXT.")
    Path out;

    @Option(names = "--force", description = "Allow writing over the input file.")
    boolean force;

    /**
     * The file to write: {@code --out}, or the input's sibling with {@code suffix}
     * ("data.jsonl" -> "data.dedup.jsonl").
     *
     * @throws IOException when it is the input and {@code --force} was not given
     */
    Path target(Path input, String suffix) throws IOException {
        return target(input, suffix, null);
    }

    /** As {@link #target(Path, String)}, with the default file's extension changed when not null. */
    Path target(Path input, String suffix, String extension) throws IOException {
        Path target = out;
        if (target == null) {
            target = DatasetFixes.sibling(input, suffix);
            if (extension != null) {
                String name = target.getFileName().toString();
                target = target.resolveSibling(name.substring(0, name.lastIndexOf('.')) + extension);
            }
        }
        DatasetFixes.checkTarget(input, target, force);
        return target;
    }
}
