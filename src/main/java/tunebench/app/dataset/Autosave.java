package tunebench.app.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import tunebench.engine.data.DatasetDocument;

/**
 * Keeps unsaved Dataset edits safe from a crash: a few seconds after the last edit the rows are
 * written to a side file ({@link AutosaveStore}) from an immutable snapshot, off the FX thread.
 * Saving or choosing "Don't Save" deletes it; opening a file that has one offers its edits back.
 * Methods run on the FX thread; disk work runs in order on one thread, so a delete queued after
 * a write always wins.
 */
public final class Autosave {

    /** Where autosave's work runs: the app's threads, or a test's hand-cranked ones. */
    interface Threads {
        /** Runs {@code task} on the FX thread after the delay; returns what cancels it. */
        Runnable later(Duration delay, Runnable task);

        /** Disk work, in the order given, off the FX thread. */
        void disk(Runnable work);

        /** Disk work whose answer a background thread waits for, after all queued before it. */
        <T> T diskAndWait(Callable<T> work) throws Exception;

        void fx(Runnable work);
    }

    /** How a view-model autosaves: where, on which threads, how soon, by which clock. */
    record Setup(AutosaveStore store, Threads threads, Duration delay, Clock clock) {
        static Setup standard() {
            return new Setup(AutosaveStore.inUserDataFolder(), AppThreads.INSTANCE, Duration.ofSeconds(3),
                    Clock.systemDefaultZone());
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final DatasetViewModel vm;
    private final Setup setup;
    private final ReadOnlyObjectWrapper<RecoveryOffer> offer = new ReadOnlyObjectWrapper<>(this, "offer");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private AutosaveStore.Stamp stamp; // the file when editing began
    private int edits;
    private Object lastEdit;           // the undo stack's top when last counted
    private Runnable cancel = () -> {};
    private long ticket;               // a timer that fired after a cancel does nothing
    private boolean kept;              // "decide later": the side file is left as it is

    Autosave(DatasetViewModel vm, Setup setup) {
        this.vm = vm;
        this.setup = setup;
    }

    /** Off the FX thread, while a file is opened: its autosave, if one holds other rows. */
    Optional<RecoveryOffer> check(DatasetDocument doc, AutosaveStore.Stamp now) throws Exception {
        return setup.threads().diskAndWait(() -> setup.store().find(doc, now));
    }

    /** A file just read: its stamp, and the offer of an autosave found for it (or null). */
    void opened(AutosaveStore.Stamp now, RecoveryOffer found) {
        stop();
        stamp = now;
        edits = 0;
        lastEdit = vm.undo.top();
        kept = false;
        status.set("");
        offer.set(found);
    }

    /** After every change of the rows: counts edits and (re)starts the wait before writing. */
    void rowsChanged() {
        if (!vm.dirtyProperty().get() || vm.files.documentProperty().get() == null) {
            stop();
            return;
        }
        if (vm.undo.top() != lastEdit) {
            lastEdit = vm.undo.top(); // typing on in one field is one edit, as Undo sees it
            edits++;
        }
        if (!kept && offer.get() == null) {
            stop();
            long mine = ticket;
            cancel = setup.threads().later(setup.delay(), () -> {
                if (mine == ticket) {
                    flush();
                }
            });
        }
    }

    /** Writes the rows now if they are unsaved (the timer calls this; so can tests). */
    void flush() {
        stop();
        DatasetDocument doc = vm.files.documentProperty().get();
        if (doc == null || !vm.dirtyProperty().get() || kept || offer.get() != null || stamp == null) {
            return;
        }
        AutosaveStore.Snapshot snapshot = new AutosaveStore.Snapshot(
                doc.withRecords(vm.rows.stream().map(DatasetRow::record).toList()),
                stamp, edits, setup.clock().instant());
        String at = TIME.format(snapshot.at().atZone(setup.clock().getZone()));
        setup.threads().disk(() -> {
            try {
                setup.store().write(snapshot);
                setup.threads().fx(() -> status.set("Autosaved " + at));
            } catch (IOException | RuntimeException e) {
                setup.threads().fx(() -> status.set("Autosave failed: " + DatasetFiles.reason(e)));
            }
        });
    }

    /** The rows were saved to {@code saved} (from {@code before}): the autosave has nothing left to keep. */
    void saved(Path before, Path saved, AutosaveStore.Stamp now) {
        stop();
        stamp = now;
        edits = 0;
        lastEdit = vm.undo.top();
        status.set("");
        if (!kept) {
            delete(before);
        }
        if (!saved.equals(before)) {
            delete(saved); // an older autosave of the target is older than what it now holds
            kept = false;
        }
        if (vm.dirtyProperty().get()) {
            rowsChanged(); // edits made while the file was written
        }
    }

    /** "Don't Save": the user let the edits go, so the autosave goes with them. */
    void discarded() {
        stop();
        Path file = vm.files.fileProperty().get();
        if (file != null && !kept) {
            delete(file);
        }
        status.set("");
    }

    /** Puts the offered edits back as one undoable edit; the rows are then unsaved. */
    public void recover() {
        RecoveryOffer o = offer.get();
        if (o != null) {
            offer.set(null);
            vm.recovered(o.records());
            edits = o.edits();
            lastEdit = vm.undo.top();
        }
    }

    /** Deletes the offered autosave. */
    public void discardRecovery() {
        RecoveryOffer o = offer.get();
        if (o != null) {
            offer.set(null);
            delete(o.file());
        }
    }

    /** Keeps the autosave for the next time the file is opened; this session does not overwrite it. */
    public void decideLater() {
        if (offer.get() != null) {
            offer.set(null);
            kept = true;
            stop();
        }
    }

    private void delete(Path file) {
        setup.threads().disk(() -> {
            try {
                setup.store().delete(file);
            } catch (IOException e) {
                // Left behind: the next open finds it holds what the file holds and removes it.
            }
        });
    }

    private void stop() {
        ticket++;
        cancel.run();
        cancel = () -> {};
    }

    /** Unsaved edits found when the file was opened; null when there are none or once decided. */
    public ReadOnlyObjectProperty<RecoveryOffer> offerProperty() {
        return offer.getReadOnlyProperty();
    }

    /** "Autosaved 14:03" once the unsaved rows are safe on disk; empty otherwise. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The offer in words, by this autosave's clock. */
    public String offerText() {
        return offer.get() == null ? "" : offer.get().message(setup.clock());
    }

    /**
     * The app's threads: a daemon timer, and one disk thread that is not a daemon, so a write or
     * delete queued as the window closes still finishes; it ends itself when idle.
     */
    enum AppThreads implements Threads {
        INSTANCE;

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "autosave-timer");
            t.setDaemon(true);
            return t;
        });
        private final ThreadPoolExecutor disk = new ThreadPoolExecutor(1, 1, 2, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> new Thread(r, "autosave-disk"));

        AppThreads() {
            disk.allowCoreThreadTimeOut(true);
        }

        @Override
        public Runnable later(Duration delay, Runnable task) {
            ScheduledFuture<?> f = timer.schedule(() -> fx(task), delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public void disk(Runnable work) {
            disk.execute(work);
        }

        @Override
        public <T> T diskAndWait(Callable<T> work) throws Exception {
            try {
                return disk.submit(work).get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        @Override
        public void fx(Runnable work) {
            try {
                Platform.runLater(work);
            } catch (IllegalStateException e) {
                // No toolkit (a view-model test): nothing is on show to update.
            }
        }
    }
}
