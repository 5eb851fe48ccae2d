package tunebench.app.dataset;

import java.util.ArrayDeque;
import java.util.Deque;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Dataset screen's one undo/redo history, bounded so a long session does not hold every
 * version of every record. It also knows whether the rows differ from what was last saved: the
 * edit on top when saving marks the saved state.
 */
final class UndoStack {

    private static final Object CLEAN = new Object();

    private final int limit;
    private final Deque<DatasetEdit> done = new ArrayDeque<>();
    private final Deque<DatasetEdit> undone = new ArrayDeque<>();
    private Object saved = CLEAN;
    // The state with nothing left to undo: CLEAN, or the last edit that fell off the bottom.
    private Object floor = CLEAN;
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper(this, "undoText", "Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper(this, "redoText", "Redo");

    UndoStack(int limit) {
        this.limit = limit;
    }

    /** Applies the edit and makes it the one Undo takes back; what was undone cannot be redone. */
    void push(DatasetEdit edit) {
        edit.apply();
        done.push(edit);
        undone.clear();
        while (done.size() > limit) {
            floor = done.removeLast();
        }
        update();
    }

    /** The edit Undo would take back, or null. */
    DatasetEdit top() {
        return done.peek();
    }

    DatasetEdit undo() {
        DatasetEdit edit = done.poll();
        if (edit != null) {
            edit.revert();
            undone.push(edit);
            update();
        }
        return edit;
    }

    DatasetEdit redo() {
        DatasetEdit edit = undone.poll();
        if (edit != null) {
            edit.apply();
            done.push(edit);
            update();
        }
        return edit;
    }

    /** The rows as they are now are what the file holds. */
    void markSaved() {
        saved = current();
        update();
    }

    /** A save that failed: back to the state saved before it. */
    void restoreSavedMark(Object mark) {
        saved = mark;
        update();
    }

    Object savedMark() {
        return saved;
    }

    /** A new document: nothing to undo, nothing unsaved. */
    void clear() {
        done.clear();
        undone.clear();
        saved = CLEAN;
        floor = CLEAN;
        update();
    }

    void update() {
        canUndo.set(!done.isEmpty());
        canRedo.set(!undone.isEmpty());
        dirty.set(current() != saved);
        undoText.set(done.isEmpty() ? "Undo" : "Undo " + done.peek().description());
        redoText.set(undone.isEmpty() ? "Redo" : "Redo " + undone.peek().description());
    }

    private Object current() {
        return done.isEmpty() ? floor : done.peek();
    }

    ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }
}
