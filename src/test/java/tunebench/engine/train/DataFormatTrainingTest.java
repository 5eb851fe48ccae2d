package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.train.config.ConfigProblem;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.testing.RandomCheckpoint;

/** A run's data.format and data.columns: training reads a CSV through the column mapping. */
class DataFormatTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void aCsvWithAColumnMappingTrainsAsAlpaca() throws Exception {
        Path model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 3);
        Path csv = tmp.resolve("qa.csv");
        Files.writeString(csv, "question,answer,source\n"
                + "What is 2 plus 2?,4,math\n"
                + "\"Name a colour,\nplease.\",Blue,quiz\n"
                + "Capital of Peru?,Lima,geo\n");
        RunConfig config = RunConfigJson.applyOverrides(RunConfig.of("csv", model.toString(), csv.toString()),
                List.of("data.format=alpaca", "data.columns=instruction=question,output=answer",
                        "data.validation_split=0", "model.chat_template=chatml"));
        try (TextTokenizer tok = TextTokenizer.load(model)) {
            TrainingData data = TrainingData.prepare(config, tok);
            assertEquals(3, data.trainExamples());
            assertTrue(data.problems().isEmpty(), data.problems().toString());
        }
        String json = RunConfigJson.toJson(config);
        assertEquals(config, RunConfigJson.parse(json), "format and columns survive the config file");
    }

    @Test
    void anUnknownFormatIsAConfigProblem() throws Exception {
        RunConfig config = RunConfigJson.applyOverrides(RunConfig.of("x", "m", "t.jsonl"),
                List.of("data.format=llama-factory"));
        List<ConfigProblem> problems = config.validate();
        assertTrue(problems.stream().anyMatch(p -> p.key().equals("data.format")
                && p.message().contains("alpaca")), problems.toString());
    }
}
