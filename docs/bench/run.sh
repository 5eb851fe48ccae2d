#!/usr/bin/env bash
# Tunebench against plain PyTorch eager, same machine, same run, same weights and inputs.
#   docs/bench/run.sh            (needs: mvn package done, /usr/bin/python3 with torch:
#                                 apt-get install python3-torch libopenblas0-openmp)
# Prints a markdown table for docs/BENCHMARKS.md; raw JSON lines go to $OUT/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=target/tunebench.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
THREADS=${THREADS:-2}
PY=${PY:-/usr/bin/python3}
JAVA=(java -Xmx4g -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1 -jar "$JAR")
MODEL=$OUT/bench-model

run() { # label, then the command; appends its JSON line (the last line starting with "{")
  local line; line=$("${@:2}" | grep '^{' | tail -n 1); echo "$line" >> "$OUT/results.jsonl"; echo "$line"
}
: > "$OUT/results.jsonl"
# the first call writes the random benchmark model (tunebench's bench shape) for both engines
J_FWD=$(run java "${JAVA[@]}" bench forward --keep-model "$MODEL" --batch 8 --seq 128 --iters 10 --warmup 3 --save-io "$OUT/fwd.safetensors")
P_FWD=$(run py "$PY" docs/bench/llama_eager.py forward "$MODEL" "$OUT/fwd.safetensors" --iters 10 --warmup 3 --threads $THREADS)
J_GEN=$(run java "${JAVA[@]}" bench generate --model "$MODEL" --batch 1 --seq 16 --new-tokens 256 --iters 5 --warmup 2 --save-io "$OUT/gen.safetensors")
P_GEN=$(run py "$PY" docs/bench/llama_eager.py generate "$MODEL" "$OUT/gen.safetensors" --new-tokens 256 --iters 5 --warmup 2 --threads $THREADS)
J_NOC=$(run java "${JAVA[@]}" bench generate-nocache --model "$MODEL" --batch 1 --seq 16 --new-tokens 256 --iters 5 --warmup 2)
J_LORA=$(run java "${JAVA[@]}" bench lora --model "$MODEL" --batch 8 --seq 128 --iters 10 --warmup 3 --save-io "$OUT/lora.safetensors")
P_LORA=$(run py "$PY" docs/bench/lora_eager.py "$MODEL" "$OUT/lora.safetensors" --iters 10 --warmup 3 --threads $THREADS)
P_NOC=$(run py "$PY" docs/bench/llama_eager.py generate "$MODEL" "$OUT/gen.safetensors" --no-cache --new-tokens 256 --iters 5 --warmup 2 --threads $THREADS)

"$PY" - "$J_FWD" "$P_FWD" "$J_GEN" "$P_GEN" "$J_NOC" "$P_NOC" "$J_LORA" "$P_LORA" <<'PYEOF'
import json, sys
jf, pf, jg, pg, jn, pn, jl, pl = (json.loads(a) for a in sys.argv[1:])
def row(name, j, p):
    return f"| {name} | {j['tokens_per_s']:,.0f} | {p['tokens_per_s']:,.0f} | {j['tokens_per_s']/p['tokens_per_s']:.2f} |"
print("| work | Tunebench (DJL) tokens/s | PyTorch eager tokens/s | ratio |")
print("|---|---:|---:|---:|")
print(row("forward, batch 8 x 128", jf, pf))
print(row("generate 256 new tokens, KV cache", jg, pg))
print(row("generate 256 new tokens, no cache", jn, pn))
print(row("LoRA SFT training, batch 8 x 128, r 8, all projections", jl, pl))
print()
print(f"KV cache speed-up: Tunebench {jg['tokens_per_s']/jn['tokens_per_s']:.1f}x, PyTorch {pg['tokens_per_s']/pn['tokens_per_s']:.1f}x")
print(f"Cross-check: forward logits max abs difference {pf['max_abs_diff_vs_tunebench']:.2e}; "
      f"greedy tokens identical: {pg['same_tokens_as_tunebench']}; LoRA first-step loss {jl['first_loss']:.7f} vs "
      f"{pl['first_loss']:.7f}; torch {pf['torch']}, threads {pf['threads']}")
PYEOF
