package tunebench.app.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import tunebench.app.Workbench;
import tunebench.engine.train.TrainingRun;
import tunebench.engine.train.config.DataSpec;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.RewardMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;

/**
 * Turns Start into a run: paths made absolute against the workbench's home (so the run and
 * its saved config.json do not depend on the working directory), and a run folder that
 * already holds a run becomes a question (resume it, or start under a free name) rather
 * than an error.
 */
final class RunStarter {

    private final Workbench workbench;
    private final RunConfigForm form;
    private final RunSession session;
    private final Function<Path, String> shown;
    private final ReadOnlyObjectWrapper<RunConflict> conflict =
            new ReadOnlyObjectWrapper<>(this, "conflict");

    RunStarter(Workbench workbench, RunConfigForm form, RunSession session,
            Function<Path, String> shown) {
        this.workbench = workbench;
        this.form = form;
        this.session = session;
        this.shown = shown;
    }

    /** Starts a valid config, or sets {@link #conflictProperty} when its folder is taken. */
    void start(RunConfig config) {
        RunConfig run = absolute(config);
        Path dir = Path.of(run.runDir());
        if (RunFolders.inUse(dir)) {
            conflict.set(conflictFor(config, dir));
            return;
        }
        session.start(run.name(), () -> TrainingRun.create(run));
    }

    /** Continues the run in the taken folder with the settings saved there, shown in the form. */
    void resumeExisting() {
        RunConflict k = conflict.get();
        conflict.set(null);
        if (k == null || !k.canResume()) {
            return;
        }
        String name = form.text("name").get();
        try {
            RunConfig saved = RunConfigJson.read(k.runDir().resolve("config.json"));
            form.load(saved);
            name = saved.name();
        } catch (IOException e) {
            // TrainingRun.resume reads the same file and reports what is wrong with it
        }
        session.start(name, () -> TrainingRun.resume(k.runDir()));
    }

    /** Puts the free name (or folder) in the form; the caller starts again. */
    void renameForConflict() {
        RunConflict k = conflict.get();
        conflict.set(null);
        if (k != null) {
            form.text("name").set(k.newName());
            if (k.newOutputDir() != null) {
                form.text("output_dir").set(k.newOutputDir());
            }
        }
    }

    void dismissConflict() {
        conflict.set(null);
    }

    /** The question to ask, or null. */
    ReadOnlyObjectProperty<RunConflict> conflictProperty() {
        return conflict.getReadOnlyProperty();
    }

    private RunConflict conflictFor(RunConfig c, Path dir) {
        String newName = c.name();
        String newOutputDir = null;
        if (c.outputDir() == null) {
            newName = RunFolders.nextName(c.name(),
                    n -> RunFolders.inUse(workbench.home().resolve(c.withName(n).runDir())));
        } else {
            Path out = Path.of(c.outputDir());
            Path abs = workbench.home().resolve(out);
            String free = RunFolders.nextName(out.getFileName().toString(),
                    n -> RunFolders.inUse(abs.resolveSibling(n)));
            newOutputDir = out.resolveSibling(free).toString();
        }
        return new RunConflict(dir, shown.apply(dir), RunFolders.lastCheckpoint(dir),
                RunFolders.finished(dir), newName, newOutputDir);
    }

    /** Every path of the config resolved against the workbench's home. */
    private RunConfig absolute(RunConfig c) {
        DataSpec d = c.data();
        DataSpec data = new DataSpec(abs(d.train()), d.validation() == null ? null : abs(d.validation()),
                d.validationSplit(), d.maxLength(), d.packing(), d.trainOnPrompt(), d.format(), d.columns());
        RunConfig out = c.withOutputDir(abs(c.runDir()))
                .withModel(c.model().withPath(abs(c.model().path())))
                .withData(data);
        if (c.method() instanceof LoraMethod l && l.initAdapter() != null) {
            out = out.withMethod(l.withInitAdapter(abs(l.initAdapter())));
        }
        if (c.method() instanceof RewardMethod rw && rw.initAdapter() != null) {
            out = out.withMethod(RewardMethod.withLora(rw.lora().withInitAdapter(abs(rw.initAdapter()))));
        }
        return out;
    }

    private String abs(String path) {
        return workbench.home().resolve(path).normalize().toString();
    }
}
