package tunebench.engine.data.synth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Alpaca example as the generators emit it; {@code input} is "" when the task has none,
 * as in the original Alpaca data.
 */
public record AlpacaRecord(String instruction, String input, String output) {

    public AlpacaRecord {
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }

    /** The user turn of the chat form: the instruction, then the input after a blank line. */
    public String prompt() {
        return input.isEmpty() ? instruction : instruction + "\n\n" + input;
    }

    /** instruction, input, output: the Alpaca key order. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instruction", instruction);
        json.put("input", input);
        json.put("output", output);
        return json;
    }
}
