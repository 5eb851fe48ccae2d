package tunebench.engine.data.synth;

import java.util.LinkedHashMap;
import java.util.Map;

/** One preference record: a prompt, the answer a DPO run should prefer, and the one it should not. */
public record PreferencePair(String prompt, String chosen, String rejected) {

    /** prompt, chosen, rejected: the key order of TRL's preference datasets. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompt", prompt);
        json.put("chosen", chosen);
        json.put("rejected", rejected);
        return json;
    }
}
