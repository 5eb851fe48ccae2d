package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.tokenizer.ChatMessage;

/** CSV and TSV datasets: a header, quoted fields over several lines, a column mapping, saving. */
class CsvDatasetTest {

    @TempDir
    Path dir;

    static final String QA = "id,question,answer\r\n"
            + "1,Name a colour.,Blue.\r\n"
            + "2,\"Write two lines, please.\",\"One,\r\n\"\"two\"\"\"\r\n"
            + "3,Too many,columns,here\r\n"
            + "\r\n"
            + "4,Capital of Peru?,Lima.\r\n";

    @Test
    void aColumnMappingReadsAnyTableAsAlpacaWithTheLineEachRowStartsOn() throws IOException {
        Path file = Files.writeString(dir.resolve("qa.csv"), QA);

        DatasetDocument doc = DatasetDocument.read(file, CsvColumns.parse("instruction=question, output=answer"));
        ExampleSet set = ExampleSet.read(doc);

        assertEquals(DatasetLayout.CSV, doc.layout());
        assertEquals(DataFormat.ALPACA, set.format());
        assertEquals(List.of(2, 3, 7), set.examples().stream().map(Example::line).toList());
        assertEquals(List.of(ChatMessage.user("Write two lines, please."), ChatMessage.assistant("One,\r\n\"two\"")),
                set.examples().get(1).messages());
        assertEquals(List.of("id", "instruction", "output"), doc.records().get(0).fieldNames());
        DataProblem row = set.problems().get(0);
        assertEquals(5, row.line());
        assertEquals(DataProblem.MALFORMED_JSON, row.kind());
        assertTrue(row.message().startsWith("this row has 4 columns but the header has 3"), row.message());
        assertTrue(doc.records().get(2).isRaw());
        assertEquals("3,Too many,columns,here", doc.records().get(2).json());
    }

    @Test
    void withoutAMappingTheColumnsKeepTheirNamesAndAnUntouchedSaveWritesTheSameBytes() throws IOException {
        Path file = Files.writeString(dir.resolve("qa.csv"), QA);
        DatasetDocument doc = DatasetDocument.read(file);
        assertEquals(Optional.empty(), doc.format(), "question/answer is no format");

        doc.save();
        assertEquals(QA.replace("\r\n\r\n", "\r\n"), Files.readString(file), "only the blank line goes");

        List<DatasetRecord> records = new ArrayList<>(doc.records());
        records.set(0, records.get(0).withText("answer", "Blue, or \"azure\"."));
        records.add(records.get(3).withText("note", "new column"));
        doc.withRecords(records).save();
        List<String> lines = Files.readAllLines(file);
        assertEquals("id,question,answer,note", lines.get(0));
        assertEquals("1,Name a colour.,\"Blue, or \"\"azure\"\".\",", lines.get(1));
        assertEquals("4,Capital of Peru?,Lima.,new column", lines.get(lines.size() - 1));
        assertTrue(lines.contains("3,Too many,columns,here"), "the broken row is kept verbatim");
    }

    @Test
    void jsonSavedAsCsvHasTheFormatsFieldsFirstThenOtherKeys() throws IOException {
        Path json = Files.writeString(dir.resolve("a.jsonl"), """
                {"output": "Blue.", "instruction": "Name a colour.", "source": "web"}
                {"instruction": "Say hi", "input": "in French", "output": "Salut", "id": 7}
                """);
        DatasetDocument saved = DatasetDocument.read(json).as(dir.resolve("a.csv")).save();

        assertEquals("instruction,input,output,source,id\nName a colour.,,Blue.,web,\n"
                + "Say hi,in French,Salut,,7\n", Files.readString(dir.resolve("a.csv")));
        assertEquals(List.of(2, 3), saved.records().stream().map(DatasetRecord::line).toList());
        ExampleSet set = ExampleSet.read(DatasetDocument.read(dir.resolve("a.csv")));
        assertEquals(ChatMessage.user("Say hi\n\nin French"), set.examples().get(1).messages().get(0));
    }

    @Test
    void aConversationFormatIsRefusedAsCsvWithASentence() throws IOException {
        DatasetDocument doc = DatasetDocument.read(Path.of("sample-data", "instructions.jsonl"));
        IOException e = assertThrows(IOException.class, () -> doc.as(dir.resolve("chat.csv")).save());
        assertTrue(e.getMessage().contains("a messages dataset cannot be saved as CSV"), e.getMessage());
        assertTrue(e.getMessage().contains("Convert it to Alpaca"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("chat.csv")), "nothing half-written");
    }

    @Test
    void tsvAndAMappingErrorAreReadToo() throws IOException {
        Path tsv = Files.writeString(dir.resolve("p.tsv"), "prompt\tgood\tbad\nCapital of Peru?\tLima.\t\"Cusco,\tsurely\"\n");
        ExampleSet set = ExampleSet.read(DatasetDocument.read(tsv, CsvColumns.parse("chosen=good,rejected=bad")));
        assertEquals(DataFormat.PREFERENCE, set.format());
        assertEquals("Cusco,\tsurely", set.examples().get(0).rejected());

        IOException e = assertThrows(IOException.class,
                () -> DatasetDocument.read(tsv, CsvColumns.parse("chosen=best")));
        assertTrue(e.getMessage().contains("there is no column 'best'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvColumns.parse("instruction"));
    }

    @Test
    void trainingReadsCsvThroughTheSameReader() throws IOException {
        Path file = Files.writeString(dir.resolve("t.csv"), "instruction,output\nq,a\n\"multi\nline\",b\n");
        SftDataset data = SftDataset.read(file);
        assertEquals("alpaca", data.format());
        assertEquals(List.of(2, 3), data.conversations().stream().map(Conversation::line).toList());
    }
}
