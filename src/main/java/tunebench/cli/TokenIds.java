package tunebench.cli;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code --ids "1 2 3,4 5 6"}: sequences separated by commas, ids by spaces. */
final class TokenIds {

    private TokenIds() {}

    static List<long[]> parse(String text) {
        List<long[]> out = new ArrayList<>();
        String[] sequences = text.split(",", -1);
        for (int s = 0; s < sequences.length; s++) {
            String seq = sequences[s].trim();
            if (seq.isEmpty()) {
                throw new IllegalArgumentException("--ids: sequence " + (s + 1) + " is empty");
            }
            String[] parts = seq.split("\\s+");
            long[] ids = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    ids[i] = Long.parseLong(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--ids: '" + parts[i] + "' in sequence "
                            + (s + 1) + " is not a token id");
                }
            }
            out.add(ids);
        }
        return out;
    }

    /** Checks every id is inside the vocabulary (an out-of-range id would crash the lookup). */
    static void checkRange(List<long[]> seqs, int vocab) {
        for (int s = 0; s < seqs.size(); s++) {
            for (long id : seqs.get(s)) {
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("--ids: token id " + id + " in sequence "
                            + (s + 1) + " is outside the vocabulary (0.." + (vocab - 1) + ")");
                }
            }
        }
    }
}
