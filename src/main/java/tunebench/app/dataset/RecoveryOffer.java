package tunebench.app.dataset;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import tunebench.engine.data.Counting;
import tunebench.engine.data.DatasetRecord;

/**
 * Unsaved edits found in an autosave when a dataset is opened: what the Dataset screen offers to
 * put back. The records are the autosaved rows, each unchanged one being the file's own record.
 *
 * @param changedOnDisk whether the file changed since editing began (recovering then overwrites
 *                      that change once saved)
 */
public record RecoveryOffer(Path file, Instant autosavedAt, int edits, boolean changedOnDisk,
        List<DatasetRecord> records) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);

    public RecoveryOffer {
        records = List.copyOf(records);
    }

    /**
     * "Tunebench closed with unsaved edits to flawed.jsonl (autosaved 14:03, 12 edits). Recover
     * them?", with a warning when the file changed since.
     */
    public String message(Clock clock) {
        ZonedDateTime at = autosavedAt.atZone(clock.getZone());
        String when = at.toLocalDate().equals(LocalDate.now(clock)) ? TIME.format(at) : DAY.format(at);
        String name = file.getFileName().toString();
        String text = "Tunebench closed with unsaved edits to " + name + " (autosaved " + when + ", "
                + Counting.of(edits, "edit") + "). Recover them?";
        if (changedOnDisk) {
            text += " " + name + " has changed on disk since: the recovered rows replace that version"
                    + " once you save.";
        }
        return text;
    }
}
