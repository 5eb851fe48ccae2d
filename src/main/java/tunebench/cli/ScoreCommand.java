package tunebench.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.reward.RewardModel;

/**
 * {@code score}: the reward a trained reward model (a {@code "type": "reward"} run's folder)
 * gives one response to a prompt; higher means more preferred. Only differences between
 * responses to the same prompt mean something (the pairwise loss fixes no zero).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Reward a trained reward model gives a response to a prompt.")
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base model folder.")
    Path model;

    @Option(names = "--reward", required = true, paramLabel = "DIR",
            description = "Reward model folder: a reward run's output (adapter/, value_head.safetensors, reward_config.json).")
    Path reward;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The user's prompt.")
    String prompt;

    @Option(names = "--response", required = true, paramLabel = "TEXT", description = "The reply to score.")
    String response;

    @Option(names = "--json", description = "Print one line {\"score\": x}.")
    boolean json;

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DjlRuntime.configure();
        Device on = deviceOption.pick();
        PrintWriter out = spec.commandLine().getOut();
        // The value head and the score stay float32; --dtype only sets what the decoder computes in.
        try (RewardModel rm = RewardModel.load(model, reward, on, deviceOption.dtype(on))) {
            double score = rm.score(prompt, response);
            if (json) {
                ObjectMapper m = new ObjectMapper();
                out.println(m.writeValueAsString(m.createObjectNode().put("score", score)));
            } else {
                out.println(String.format(Locale.ROOT, "%.6f", score));
            }
        }
        out.flush();
        return 0;
    }
}
