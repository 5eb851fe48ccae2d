package tunebench.engine.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model folder in Hugging Face layout: config.json, model.safetensors (or shards behind
 * model.safetensors.index.json), tokenizer.json, tokenizer_config.json, and optionally
 * generation_config.json. Pickled weights (.bin, .pt, .pth) are refused: unpickling runs code.
 */
public record CheckpointFolder(Path dir, Path weights, boolean sharded, long bytesOnDisk) {

    public static final String PICKLE_ADVICE = "they are Python pickles, which can run arbitrary"
            + " code when loaded, so Tunebench does not read them. Convert once in Python:"
            + " AutoModelForCausalLM.from_pretrained(dir).save_pretrained(out,"
            + " safe_serialization=True), or use the Hugging Face 'convert to safetensors' Space";

    /** Checks the folder and finds its weights; errors say what is missing or refused. */
    public static CheckpointFolder open(Path dir) throws IOException {
        if (Files.isRegularFile(dir) && isPickle(dir.getFileName().toString())) {
            throw new IOException("Refusing " + dir + ": " + PICKLE_ADVICE);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder; choose a Hugging Face model folder");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IOException("No config.json in " + dir + ": not a Hugging Face model folder");
        }
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve("model.safetensors.index.json");
        List<Path> pickles = pickles(dir);
        if (!Files.isRegularFile(single) && !Files.isRegularFile(index)) {
            if (!pickles.isEmpty()) {
                throw new IOException("Refusing " + pickles.get(0).getFileName() + " in " + dir
                        + ": " + PICKLE_ADVICE);
            }
            throw new IOException("No model.safetensors or model.safetensors.index.json in " + dir);
        }
        boolean sharded = !Files.isRegularFile(single);
        return new CheckpointFolder(dir, sharded ? index : single, sharded,
                sharded ? shardBytes(index) : Files.size(single));
    }

    /** Files that hold pickled tensors, which we never open. */
    static List<Path> pickles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (isPickle(p.getFileName().toString())) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** pytorch_model.bin, its shards, and any .pt / .pth / .ckpt file. */
    public static boolean isPickle(String name) {
        return name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ckpt")
                || (name.startsWith("pytorch_model") && name.endsWith(".bin"));
    }

    /** Total size of the shards an index names (each counted once). */
    private static long shardBytes(Path index) throws IOException {
        java.util.Set<String> shards = new java.util.TreeSet<>();
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(index.toFile())
                    .path("weight_map").forEach(n -> shards.add(n.asText()));
        } catch (IOException e) {
            throw new IOException(index + " is not valid JSON: " + e.getMessage(), e);
        }
        long total = 0;
        for (String s : shards) {
            Path p = index.resolveSibling(s);
            total += Files.isRegularFile(p) ? Files.size(p) : 0;
        }
        return total;
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    public boolean hasTokenizer() {
        return Files.isRegularFile(dir.resolve("tokenizer.json"));
    }
}
