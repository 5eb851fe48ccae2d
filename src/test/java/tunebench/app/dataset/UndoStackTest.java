package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded history and its idea of "unsaved", without rows or a toolkit. */
class UndoStackTest {

    private final List<String> log = new ArrayList<>();

    private DatasetEdit edit(String name) {
        return new DatasetEdit() {
            @Override
            public void apply() {
                log.add("+" + name);
            }

            @Override
            public void revert() {
                log.add("-" + name);
            }

            @Override
            public String description() {
                return name;
            }

            @Override
            public List<DatasetRow> rowsToShow(boolean reverted) {
                return List.of();
            }
        };
    }

    @Test
    void theOldestEditsFallOffAndUndoingTheRestIsStillUnsaved() {
        UndoStack stack = new UndoStack(2);
        stack.push(edit("a"));
        stack.push(edit("b"));
        stack.push(edit("c"));

        stack.undo();
        stack.undo();

        assertNull(stack.undo(), "a fell off the bottom");
        assertEquals(List.of("+a", "+b", "+c", "-c", "-b"), log);
        assertTrue(stack.dirtyProperty().get(), "a is still applied, so this is not the file");
        assertFalse(stack.canUndoProperty().get());
        assertEquals("Redo b", stack.redoTextProperty().get());
    }

    @Test
    void aSavedStateIsCleanAgainWhenUndoAndRedoReturnToIt() {
        UndoStack stack = new UndoStack(10);
        stack.push(edit("a"));
        stack.markSaved();
        assertFalse(stack.dirtyProperty().get());

        stack.undo();
        assertTrue(stack.dirtyProperty().get());
        stack.redo();
        assertFalse(stack.dirtyProperty().get());
        stack.undo();
        stack.push(edit("b"));
        assertTrue(stack.dirtyProperty().get(), "the saved state cannot be reached any more");
        assertFalse(stack.canRedoProperty().get());
    }
}
