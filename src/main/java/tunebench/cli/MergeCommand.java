package tunebench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.CheckpointWriter;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;

/**
 * {@code merge}: fold a LoRA adapter into the base weights and write a complete checkpoint.
 * It has no --device on purpose: the work is one small matmul per adapted layer, dwarfed by
 * reading and writing the weights, and float32 on the CPU keeps the merged weights free of
 * FP16 rounding and within host memory rather than the GPU's.
 */
@Command(mixinStandardHelpOptions = true, name = "merge", description = {
        "Merge a LoRA adapter into its base model and write a Hugging Face checkpoint.",
        "Runs on the CPU in float32 whatever GPU there is: the merge is one small matmul per"
                + " layer, dwarfed by reading and writing the weights, and float32 keeps the"
                + " merged weights free of FP16 rounding."})
final class MergeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base model folder.")
    Path model;

    @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "LoRA adapter folder (PEFT format).")
    Path adapter;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the merged model.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (LoadedModel lm = ModelLoader.load(model)) {
            LoraAdapter lora = PeftAdapterReader.read(lm.model(), "adapter", adapter);
            int layers = lora.layers().size();
            lora.merge();
            CheckpointWriter.write(lm.model(), model, out);
            spec.commandLine().getErr().printf("Merged %s into %d layers; wrote %s%n",
                    adapter.getFileName(), layers, out.toAbsolutePath().normalize());
        }
        return 0;
    }
}
