package tunebench.engine.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tunebench.engine.generate.GeneratedText.FinishReason;

/**
 * One row's progress: its new tokens, the text already streamed, and whether (and why) it has
 * finished. Text that might be the start of a stop string is held back until it is not.
 */
final class RowState {

    private final GenerationSpec spec;
    private final List<Long> newIds = new ArrayList<>();
    private String text = "";
    private int streamed;
    private FinishReason finishReason;

    RowState(GenerationSpec spec) {
        this.spec = spec;
    }

    boolean finished() {
        return finishReason != null;
    }

    void finish(FinishReason reason) {
        finishReason = reason;
    }

    void accept(int row, long id, Function<long[], String> decoder, GenerationListener listener) {
        newIds.add(id);
        if (spec.eosTokenIds().contains(id)) {
            finish(FinishReason.EOS);
            listener.tokenGenerated(row, id, flush());
            return;
        }
        if (decoder != null) {
            text = decoder.apply(idsWithoutEos());
            for (String stop : spec.stopStrings()) {
                int at = text.indexOf(stop);
                if (at >= 0) {
                    text = text.substring(0, at);
                    finish(FinishReason.STOP_STRING);
                    listener.tokenGenerated(row, id, flush());
                    return;
                }
            }
        }
        listener.tokenGenerated(row, id, decoder == null ? "" : delta());
    }

    /** New text that is complete (no half character) and cannot begin a stop string. */
    private String delta() {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\uFFFD') {
            end--; // a multi-byte character still missing its last bytes
        }
        end -= heldForStop(text.substring(0, end));
        if (end <= streamed) {
            return "";
        }
        String d = text.substring(streamed, end);
        streamed = end;
        return d;
    }

    private int heldForStop(String t) {
        int held = 0;
        for (String stop : spec.stopStrings()) {
            for (int n = Math.min(stop.length() - 1, t.length()); n > held; n--) {
                if (t.endsWith(stop.substring(0, n))) {
                    held = n;
                    break;
                }
            }
        }
        return held;
    }

    private String flush() {
        if (streamed >= text.length()) {
            return "";
        }
        String d = text.substring(streamed);
        streamed = text.length();
        return d;
    }

    private long[] idsWithoutEos() {
        return newIds.stream().filter(i -> !spec.eosTokenIds().contains(i))
                .mapToLong(Long::longValue).toArray();
    }

    GeneratedText result() {
        long[] ids = newIds.stream().mapToLong(Long::longValue).toArray();
        FinishReason reason = finishReason == null ? FinishReason.LENGTH : finishReason;
        return new GeneratedText(ids, text, reason);
    }
}
