package tunebench.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetValidator;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.TemplateTokenCounter;
import tunebench.engine.data.ValidationOptions;
import tunebench.engine.data.ValidationReport;

/**
 * {@code data validate}: every problem of a dataset file with its line and kind. Exits 0 when
 * the file could be read, whatever it found, so scripts read the report rather than the code.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "List a dataset's problems by line: broken JSON, missing or empty fields, wrong types, "
                + "mixed formats, bad turns, duplicates, near-duplicates, too-long examples, imbalanced categories.")
final class DataValidateCommand implements Callable<Integer> {

    @Mixin
    DataInput input;

    @Mixin
    DataModelOptions model;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Token limit for too-long (needs --model). Default: the model's context length.")
    Integer maxLength;

    @Option(names = "--near-threshold", paramLabel = "J",
            description = "Estimated Jaccard similarity from which two examples are near-duplicates. Default: "
                    + ValidationOptions.DEFAULT_NEAR_THRESHOLD + ".")
    Double nearThreshold;

    @Option(names = "--no-near-duplicates", description = "Skip the near-duplicate search.")
    boolean noNear;

    @Option(names = "--json", description = "Print {\"examples\": N, \"problems\": [...]} instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DatasetDocument doc = input.read();
        ExampleSet set = input.examples(doc, err);
        ValidationOptions options = ValidationOptions.defaults().withNearDuplicates(!noNear);
        if (nearThreshold != null) {
            options = options.withNearThreshold(nearThreshold);
        }
        if (maxLength != null && model.model == null) {
            throw new IllegalArgumentException("--max-length needs --model: tokens are counted with a model's tokenizer");
        }
        Optional<TemplateTokenCounter> counter = model.open(Optional.ofNullable(set.format()));
        try {
            if (counter.isPresent()) {
                options = options.withTokens(counter.get());
                if (maxLength != null) {
                    options = options.withMaxLength(maxLength);
                }
            } else if (!json) {
                err.println("Note: too-long is not checked without --model (tokens are counted with a model's tokenizer).");
            }
            ValidationReport report = DatasetValidator.validate(set, options);
            if (json) {
                out.println(report.toJsonString());
            } else {
                print(out, set, report, counter, options);
            }
        } finally {
            counter.ifPresent(TemplateTokenCounter::close);
        }
        out.flush();
        err.flush();
        return 0;
    }

    private void print(PrintWriter out, ExampleSet set, ValidationReport report,
            Optional<TemplateTokenCounter> counter, ValidationOptions options) {
        String format = set.format() == null ? "no known format" : set.format().label();
        out.println(input.file + " (" + format + "): " + report.summary());
        counter.ifPresent(c -> out.println("Lengths in " + c.describe() + ", max length "
                + options.effectiveMaxLength().orElse(0)));
        for (DataProblem p : report.problems()) {
            // The message names the related line ("the same as line 2").
            out.printf("line %-6d %-15s %s%n", p.line(), p.kind(), p.message());
        }
    }
}
