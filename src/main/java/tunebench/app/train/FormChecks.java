package tunebench.app.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import tunebench.engine.model.Architectures;
import tunebench.engine.model.ModelInfo;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RewardMethod;
import tunebench.engine.train.config.RunConfig;

/**
 * The checks the form adds to {@code RunConfig.validate()} because only it knows the
 * machine: the folders and files the config names exist, the model is one Tunebench can
 * train, and the LoRA targets match a layer of it. Each is a stat or two, cheap enough to
 * run on every keystroke.
 */
final class FormChecks {

    private FormChecks() {}

    /**
     * Adds a problem per missing path, under the path's key, unless the key has one already.
     *
     * @param resolve a config path as the run will see it (relative to the workbench's home)
     * @param info the model folder's headers, or null while unknown
     * @param modelError why the model folder could not be read, or null
     */
    static void check(RunConfig c, Function<String, Path> resolve, ModelInfo info,
            String modelError, Map<String, String> problems) {
        checkModel(c.model().path(), resolve, info, modelError, problems);
        file(problems, "data.train", c.data().train(), resolve);
        if (c.data().validation() != null) {
            file(problems, "data.validation", c.data().validation(), resolve);
        }
        LoraMethod l = c.method() instanceof LoraMethod lora ? lora
                : c.method() instanceof QloraMethod q ? q.lora()
                : c.method() instanceof DpoMethod d && d.trainsLora() ? d.lora()
                : c.method() instanceof RewardMethod rw ? rw.lora() : null;
        if (l != null && l.initAdapter() != null) {
            Path dir = resolve.apply(l.initAdapter());
            if (dir != null && !Files.isRegularFile(dir.resolve("adapter_config.json"))) {
                problems.putIfAbsent("method.init_adapter", "no PEFT adapter (adapter_config.json)"
                        + " in “" + l.initAdapter() + "”");
            }
        }
    }

    private static void checkModel(String path, Function<String, Path> resolve, ModelInfo info,
            String modelError, Map<String, String> problems) {
        String key = "model.path";
        if (path == null || path.isBlank() || problems.containsKey(key)) {
            return;
        }
        Path dir = resolve.apply(path);
        if (dir == null || !Files.isDirectory(dir)) {
            problems.put(key, "no folder “" + path + "”");
        } else if (!Files.isRegularFile(dir.resolve("config.json"))) {
            problems.put(key, "not a model folder: it has no config.json");
        } else if (modelError != null) {
            problems.put(key, modelError);
        } else if (info != null && !info.supported()) {
            problems.put(key, "Tunebench cannot train " + info.config().architecture()
                    + " models yet (it trains " + String.join(", ", Architectures.supported()) + ")");
        }
    }

    private static void file(Map<String, String> problems, String key, String path,
            Function<String, Path> resolve) {
        if (path == null || path.isBlank() || problems.containsKey(key)) {
            return;
        }
        Path file = resolve.apply(path);
        if (file == null || !Files.isRegularFile(file)) {
            problems.put(key, "no file “" + path + "”");
        }
    }
}
