package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupTest {

    @TempDir
    Path dir;

    private DatasetDocument flawedCopy() throws IOException {
        Path copy = Files.copy(Path.of("sample-data", "flawed.jsonl"), dir.resolve("flawed.jsonl"));
        return DatasetDocument.read(copy);
    }

    @Test
    void dropsLaterCopiesKeepsFirstsAndEveryOtherLineByteForByte() throws IOException {
        DatasetDocument doc = flawedCopy();
        List<String> before = Files.readAllLines(doc.file());
        ValidationReport report = DatasetValidator.validate(ExampleSet.read(doc), ValidationOptions.defaults());

        Dedup dedup = Dedup.of(doc, report, true, true);
        Path out = dir.resolve("flawed.dedup.jsonl");
        DatasetFixes.write(doc, dedup.document().records(), out, false);

        assertEquals(List.of(13), dedup.exactLines());
        assertEquals(List.of(16), dedup.nearLines());
        assertEquals("Removed 1 exact duplicate (line 13) and 1 near-duplicate (line 16); 30 records remain.",
                dedup.summary());
        List<String> expected = new java.util.ArrayList<>(before);
        expected.remove(15); // line 16
        expected.remove(12); // line 13
        assertEquals(expected, Files.readAllLines(out), "the malformed line 4 stays too");
        assertEquals(before, Files.readAllLines(doc.file()), "the input is untouched");
    }

    @Test
    void exactOnlyKeepsNearDuplicates() throws IOException {
        DatasetDocument doc = flawedCopy();
        ValidationReport report = DatasetValidator.validate(ExampleSet.read(doc), ValidationOptions.defaults());
        Dedup dedup = Dedup.of(doc, report, true, false);
        assertEquals(31, dedup.document().records().size());
        assertEquals(List.of(), dedup.nearLines());
        assertEquals("No duplicates to remove.", Dedup.of(doc, report, false, false).summary());
    }

    @Test
    void refusesToOverwriteTheInputUnlessAsked() throws IOException {
        DatasetDocument doc = flawedCopy();
        IOException e = assertThrows(IOException.class,
                () -> DatasetFixes.write(doc, doc.records().subList(0, 3), doc.file(), false));
        assertTrue(e.getMessage().startsWith("Refusing to overwrite the input file"), e.getMessage());
        assertThrows(IOException.class, () -> DatasetFixes.checkTarget(doc.file(),
                dir.resolve("sub/../flawed.jsonl"), false));
        assertEquals(32, Files.readAllLines(doc.file()).size());
        DatasetFixes.write(doc, doc.records().subList(0, 3), doc.file(), true);
        assertEquals(3, Files.readAllLines(doc.file()).size());
        assertEquals(dir.resolve("flawed.train.jsonl"), DatasetFixes.sibling(doc.file(), "train"));
    }

    @Test
    void splitAndShuffleWriteNewFilesAndLoseNoLine() throws IOException {
        DatasetDocument doc = DatasetDocument.read(Files.copy(Path.of("sample-data", "flawed-chat.jsonl"),
                dir.resolve("chat.jsonl")));
        ExampleSet set = ExampleSet.read(doc);
        Split<DatasetRecord> split = DatasetFixes.split(doc, set, 0.2, 3);
        assertEquals(doc.records().size(), split.train().size() + split.validation().size());
        DatasetDocument shuffled = DatasetFixes.shuffled(doc, 5);
        DatasetFixes.write(doc, shuffled.records(), dir.resolve("chat.shuffled.json"), false);
        assertEquals(doc.records().size(), DatasetDocument.read(dir.resolve("chat.shuffled.json")).records().size());
        assertEquals(
                doc.records().stream().map(DatasetRecord::compactJson).sorted().toList(),
                shuffled.records().stream().map(DatasetRecord::compactJson).sorted().toList());
    }
}
