package tunebench.app.dataset;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import tunebench.app.ErrorDialog;
import tunebench.app.Activity;
import tunebench.app.AppTask;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.FormatDetection;

/**
 * The file side of the Dataset screen: opening and saving in the background (the status bar
 * shows it), the open file's name and layout, the last error in words a user understands, and
 * the autosave that keeps unsaved edits across a crash.
 */
public final class DatasetFiles {

    static final String ACTIVITY = "dataset";

    private final DatasetViewModel vm;
    private final Autosave autosave;
    private final ReadOnlyObjectWrapper<DatasetDocument> document = new ReadOnlyObjectWrapper<>(this, "document");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper(this, "subtitle", "");
    private String ambiguity = ""; // how the format was chosen when records fit two equally
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving");
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper(this, "busyText", "");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage");
    private final ReadOnlyStringWrapper errorReason = new ReadOnlyStringWrapper(this, "errorReason");
    private final ReadOnlyStringWrapper errorDetails = new ReadOnlyStringWrapper(this, "errorDetails");
    private long generation; // only the latest open may land
    private Path opening;

    DatasetFiles(DatasetViewModel vm, Autosave.Setup autosave) {
        this.vm = vm;
        this.autosave = new Autosave(vm, autosave);
        vm.formatProperty().addListener(o -> {
            if (file.get() != null) {
                describe(); // an edit changed what the rows are read as
            }
        });
    }

    /** A parsed document, each record's problem and any autosave of it, worked out off the FX thread. */
    private record Loaded(DatasetDocument doc, DataFormat format, List<DataProblem> problems,
            AutosaveStore.Stamp stamp, RecoveryOffer offer) {}

    /** A document as written and the file's stamp right after. */
    private record Saved(DatasetDocument doc, AutosaveStore.Stamp stamp) {}

    /** Reads the file in the background; a later open wins over one still running. */
    public void open(Path path) {
        Path target = path.toAbsolutePath().normalize();
        long ticket = ++generation;
        opening = target;
        String text = "Reading " + target.getFileName() + "…";
        busy.set(true);
        busyText.set(text);
        vm.workbench.working(ACTIVITY, Activity.indeterminate(text));
        vm.workbench.runner().submit(AppTask.of(() -> load(target))
                .onSuccess(loaded -> {
                    if (ticket == generation) {
                        opened(loaded);
                    }
                })
                .onFailure(error -> {
                    if (ticket == generation) {
                        idle();
                        if (file.get() != null) {
                            // The workbench's dataset is the one this screen still holds.
                            vm.workbench.datasetFileProperty().set(file.get());
                        }
                        fail("Could not open “" + target.getFileName() + "”.", target, error);
                    }
                }));
    }

    private Loaded load(Path target) throws Exception {
        DatasetDocument doc = DatasetDocument.read(target); // first: its errors are the ones worth showing
        AutosaveStore.Stamp stamp = AutosaveStore.Stamp.of(target);
        Optional<DataFormat> format = doc.format();
        List<DataProblem> problems = new ArrayList<>();
        for (DatasetRecord r : doc.records()) {
            problems.add(DatasetDocument.check(r, format).orElse(null));
        }
        return new Loaded(doc, format.orElse(null), problems, stamp, autosave.check(doc, stamp).orElse(null));
    }

    private void opened(Loaded loaded) {
        idle();
        document.set(loaded.doc());
        file.set(loaded.doc().file());
        vm.replaceRows(loaded.doc().records(), loaded.problems(), loaded.format());
        autosave.opened(loaded.stamp(), loaded.offer());
        FormatDetection detection = loaded.doc().detection();
        ambiguity = !detection.isAmbiguous() ? "" : " (the records fit "
                + String.join(" and ", detection.candidates().stream().map(DataFormat::displayName).toList())
                + " equally; read as " + detection.candidates().get(0).displayName() + ")";
        describe();
        vm.workbench.datasetFileProperty().set(loaded.doc().file());
    }

    /** Saves to the open file; {@code then} runs once it is safely written. */
    public void save(Runnable then) {
        if (document.get() != null) {
            write(document.get().withRecords(records()), then);
        }
    }

    /** Saves to another file, in the layout its name asks for; it becomes the open file. */
    public void saveAs(Path target, Runnable then) {
        if (document.get() != null) {
            write(document.get().withRecords(records()).as(target.toAbsolutePath().normalize()), then);
        }
    }

    private void write(DatasetDocument toWrite, Runnable then) {
        if (saving.get()) {
            return;
        }
        vm.beforeSave();
        List<DatasetRow> rows = List.copyOf(vm.rows);
        Object previousMark = vm.undo.savedMark();
        vm.undo.markSaved(); // edits made while the file is written count as unsaved
        saving.set(true);
        String name = toWrite.file().getFileName().toString();
        vm.workbench.working(ACTIVITY, Activity.indeterminate("Saving " + name + "…"));
        Path before = document.get().file();
        vm.workbench.runner().submit(AppTask.of(() -> {
                    DatasetDocument written = toWrite.save();
                    return new Saved(written, AutosaveStore.Stamp.of(written.file()));
                })
                .onSuccess(done -> {
                    DatasetDocument saved = done.doc();
                    saving.set(false);
                    vm.workbench.finished(ACTIVITY);
                    vm.rowsSaved(rows, toWrite.records(), saved.records());
                    document.set(saved);
                    file.set(saved.file());
                    describe();
                    vm.workbench.datasetFileProperty().set(saved.file());
                    autosave.saved(before, saved.file(), done.stamp());
                    if (then != null) {
                        then.run();
                    }
                })
                .onFailure(error -> {
                    saving.set(false);
                    vm.workbench.finished(ACTIVITY);
                    vm.undo.restoreSavedMark(previousMark);
                    fail("Could not save “" + name + "”.", toWrite.file(), error);
                }));
    }

    /** "Don't Save": the unsaved edits are let go, and their autosave with them. */
    public void discardEdits() {
        autosave.discarded();
    }

    /** The autosave of unsaved edits, and its offer to recover those of an earlier session. */
    public Autosave autosave() {
        return autosave;
    }

    /** Whether this file is open or being opened (so following the workbench does not reopen it). */
    public boolean isCurrent(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.equals(busy.get() ? opening : file.get());
    }

    public void dismissError() {
        errorMessage.set(null);
        errorReason.set(null);
        errorDetails.set(null);
    }

    private List<DatasetRecord> records() {
        return vm.rows.stream().map(DatasetRow::record).toList();
    }

    private void idle() {
        busy.set(false);
        vm.workbench.finished(ACTIVITY);
    }

    /** "sample-data/instructions.json · JSON array · Alpaca: instruction, input, output". */
    private void describe() {
        Path f = file.get();
        Path home = vm.workbench.home();
        String where = f.startsWith(home) ? home.relativize(f).toString() : f.toString();
        subtitle.set(where + " · " + document.get().layout().label() + " · "
                + formatName(vm.formatProperty().get()) + ambiguity);
    }

    static String formatName(DataFormat format) {
        if (format == null) {
            return "format not recognised";
        }
        return switch (format) {
            case ALPACA -> "Alpaca: instruction, input, output";
            case MESSAGES -> "Chat messages: role and content";
            case SHAREGPT -> "ShareGPT conversations: from and value";
            case TEXT -> "Plain text";
            case DOLLY -> "Dolly: instruction, context, response, category";
            case OASST -> "OpenAssistant messages: trees of role and text";
            case PREFERENCE -> "Preference pairs: prompt, chosen, rejected";
        };
    }


    private void fail(String message, Path target, Throwable error) {
        errorReason.set(reason(error));
        errorDetails.set(details(target, error));
        errorMessage.set(message);
    }

    /** One sentence on why, from the engine's message where it wrote one for people. */
    static String reason(Throwable error) {
        if (error instanceof AccessDeniedException e) {
            return "Tunebench is not allowed to write to " + e.getFile() + ".";
        }
        if (error instanceof FileSystemException e && e.getReason() != null) {
            return e.getFile() + ": " + e.getReason() + ".";
        }
        if (error instanceof IOException && error.getMessage() != null) {
            return error.getMessage();
        }
        return "Something unexpected went wrong (" + error.getClass().getSimpleName()
                + "). The details below say more.";
    }

    /** The file and each cause's type and message; no stack trace. */
    static String details(Path target, Throwable error) {
        return "File: " + target + "\n\n" + ErrorDialog.causes(error);
    }

    public ReadOnlyObjectProperty<DatasetDocument> documentProperty() {
        return document.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** Where the file is, its layout and its format; empty before a file is open. */
    public ReadOnlyStringProperty subtitleProperty() {
        return subtitle.getReadOnlyProperty();
    }

    /** True while a file is being read. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty busyTextProperty() {
        return busyText.getReadOnlyProperty();
    }

    /** A headline naming the file, or null when there is nothing to show. */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorReasonProperty() {
        return errorReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorDetailsProperty() {
        return errorDetails.getReadOnlyProperty();
    }
}
