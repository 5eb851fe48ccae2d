package tunebench.app.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the Train screen needs to know about run folders before it starts one: whether the
 * folder is taken, the newest checkpoint a run could resume from, and a free name beside it.
 */
final class RunFolders {

    private static final Pattern CHECKPOINT = Pattern.compile("step-(\\d+)");
    private static final Pattern NUMBERED = Pattern.compile("(.+)-(\\d+)");

    private RunFolders() {}

    /** A file, or a folder with anything in it: starting there would mix two runs. */
    static boolean inUse(Path dir) {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true; // unreadable: certainly not a place to write a run
        }
    }

    /** The step of the newest complete checkpoint ({@code checkpoints/step-N}), as resume finds it. */
    static OptionalInt lastCheckpoint(Path runDir) {
        Path dir = runDir.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return OptionalInt.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> CHECKPOINT.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Whether the run got to its last step: its newest checkpoint's trainer_state.json says
     * step == total_steps. Resuming it would only save the result again.
     */
    static boolean finished(Path runDir) {
        OptionalInt step = lastCheckpoint(runDir);
        if (step.isEmpty()) {
            return false;
        }
        Path state = runDir.resolve("checkpoints/step-" + step.getAsInt() + "/trainer_state.json");
        try {
            JsonNode json = new ObjectMapper().readTree(state.toFile());
            return json.path("total_steps").asInt(Integer.MAX_VALUE) <= step.getAsInt();
        } catch (IOException e) {
            return false; // unreadable state: let resume read it and say what is wrong
        }
    }

    /** "sft-lora" -> "sft-lora-2", "sft-lora-2" -> "sft-lora-3": the first one not taken. */
    static String nextName(String name, Predicate<String> taken) {
        Matcher m = NUMBERED.matcher(name);
        String base = m.matches() ? m.group(1) : name;
        int n = m.matches() ? Integer.parseInt(m.group(2)) + 1 : 2;
        while (taken.test(base + "-" + n)) {
            n++;
        }
        return base + "-" + n;
    }
}
