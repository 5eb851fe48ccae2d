package tunebench.app.train;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import tunebench.app.AppTask;
import tunebench.app.Workbench;
import tunebench.engine.train.config.RunConfigJson;

/**
 * Opening and saving the form as a run config: the same JSON the CLI's {@code train --config}
 * reads, through {@link RunConfigJson} (unknown keys refused by name, atomic writes), on the
 * task runner so a slow disk never stalls the window.
 */
final class ConfigFiles {

    private final Workbench workbench;
    private final RunConfigForm form;
    private final Consumer<String> source;
    private final Consumer<ErrorReport> errors;
    private final Function<Path, String> shown;

    /** @param source told where the form's settings now come from ("Opened runs/x.json") */
    ConfigFiles(Workbench workbench, RunConfigForm form, Consumer<String> source,
            Consumer<ErrorReport> errors, Function<Path, String> shown) {
        this.workbench = workbench;
        this.form = form;
        this.source = source;
        this.errors = errors;
        this.shown = shown;
    }

    void open(Path file) {
        workbench.runner().submit(AppTask.of(() -> RunConfigJson.read(file))
                .onSuccess(c -> {
                    if (MethodChoice.find(c.method().type()).isEmpty()) {
                        // loading it would quietly turn it into another method
                        errors.accept(new ErrorReport("Could not open “" + file.getFileName() + "”.",
                                "Its method “" + c.method().type() + "” cannot be set up in this"
                                        + " form yet; train it with the command line: train --config "
                                        + file + ".", null));
                        return;
                    }
                    form.load(c);
                    source.accept("Opened " + shown.apply(file));
                })
                .onFailure(e -> errors.accept(ErrorReport.of("Could not open “" + file.getFileName()
                        + "” as a run config.", e))));
    }

    /** Saves what the form holds, even an unfinished run, but never a field that is not a number. */
    void save(Path file) {
        RunConfigForm.Reading r = form.read();
        if (!r.problems().isEmpty()) {
            errors.accept(new ErrorReport("Could not save the run config.", "Some settings are not"
                    + " numbers yet: " + String.join(", ", r.problems().keySet().stream()
                            .map(FieldLabels::label).toList()) + ". Fix the marked fields first.", null));
            return;
        }
        workbench.runner().submit(AppTask.of(() -> {
            RunConfigJson.write(r.config(), file);
            return file;
        }).onSuccess(f -> source.accept("Saved to " + shown.apply(f)))
                .onFailure(e -> errors.accept(ErrorReport.of("Could not save “" + file.getFileName()
                        + "”.", e))));
    }
}
