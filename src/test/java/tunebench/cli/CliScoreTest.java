package tunebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.TrainingRun;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.reward.RewardModel;
import tunebench.testing.RandomCheckpoint;

/** {@code score}: a trained reward model's score of one response, as text or JSON. */
class CliScoreTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TunebenchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void printsTheScoreOfAResponse() throws Exception {
        Path model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        ObjectMapper json = new ObjectMapper();
        Path pairs = tmp.resolve("pairs.jsonl");
        Files.write(pairs, List.of(
                json.createObjectNode().put("prompt", "Hi?").put("chosen", "Hello. Thanks!")
                        .put("rejected", "Go away.").toString(),
                json.createObjectNode().put("prompt", "Sky?").put("chosen", "Blue. Thanks!")
                        .put("rejected", "Ugh.").toString()));
        RunConfig config = RunConfigJson.applyOverrides(RunConfig.of("rm", model.toString(),
                pairs.toString()), List.of("output_dir=" + tmp.resolve("rm"), "method.type=reward",
                "schedule.max_steps=2", "schedule.batch_size=2", "eval.every_steps=0",
                "data.validation_split=0", "data.max_length=64", "model.chat_template=chatml"));
        Path reward = TrainingRun.create(config).run(RunListener.NONE).output();

        String[] text = run("score", "--model", model.toString(), "--reward", reward.toString(),
                "--prompt", "Hi?", "--response", "Hello. Thanks!");
        assertEquals("0", text[0], text[2]);
        double printed = Double.parseDouble(text[1].trim());
        try (RewardModel rm = RewardModel.load(model, reward)) {
            assertEquals(rm.score("Hi?", "Hello. Thanks!"), printed, 1e-5);
        }
        String[] asJson = run("score", "--model", model.toString(), "--reward", reward.toString(),
                "--prompt", "Hi?", "--response", "Go away.", "--json");
        assertEquals("0", asJson[0], asJson[2]);
        double other = json.readTree(asJson[1]).get("score").asDouble();
        assertNotEquals(printed, other, 1e-9);

        String[] notReward = run("score", "--model", model.toString(), "--reward", model.toString(),
                "--prompt", "Hi?", "--response", "x");
        assertNotEquals("0", notReward[0]);
        assertTrue(notReward[2].contains(RewardModel.CONFIG_FILE), notReward[2]);
    }
}
