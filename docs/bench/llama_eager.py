#!/usr/bin/env python3
"""Plain PyTorch eager Llama, written line by line after transformers' modeling_llama.py
(eager attention), to time the same work Tunebench does and to cross-check its numbers.

Reads a Hugging Face folder (config.json + model.safetensors) with a tiny safetensors reader
(numpy), so it needs only torch and numpy (Debian: python3-torch).

  llama_eager.py forward  MODEL_DIR IO.safetensors  [--iters N --warmup W]
  llama_eager.py generate MODEL_DIR IO.safetensors  [--no-cache --new-tokens N]
  llama_eager.py logits   MODEL_DIR IO.safetensors  (input_ids, attention_mask, logits: compare)
IO.safetensors is what `tunebench bench --save-io` wrote: the same inputs, and Tunebench's
outputs to compare against. Prints one JSON line.
"""
import argparse, json, math, statistics, struct, sys, time

import numpy as np
import torch

DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        arr = np.frombuffer(data[b:end], dtype=DTYPES[e["dtype"]]).reshape(e["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


class Llama:
    def __init__(self, model_dir):
        self.cfg = json.load(open(f"{model_dir}/config.json"))
        self.w = read_safetensors(f"{model_dir}/model.safetensors")
        c = self.cfg
        self.heads = c["num_attention_heads"]
        self.kv_heads = c.get("num_key_value_heads", self.heads)
        self.head_dim = c.get("head_dim") or c["hidden_size"] // self.heads
        self.eps = c.get("rms_norm_eps", 1e-6)
        self.layers = c["num_hidden_layers"]
        self.base = c.get("rope_theta", 10000.0)
        self.max_pos = c.get("max_position_embeddings", 2048)
        self.scaling = c.get("rope_scaling") or {}
        self.rope_type = self.scaling.get("rope_type", self.scaling.get("type", "default"))
        self.inv_freq = self.default_inv_freq(self.base)
        if self.rope_type == "linear":
            self.inv_freq = self.inv_freq / self.scaling["factor"]
        elif self.rope_type == "llama3":
            self.inv_freq = self.llama3_inv_freq(self.inv_freq, self.scaling)
        self.lm_head = self.w.get("lm_head.weight", self.w["model.embed_tokens.weight"])

    def default_inv_freq(self, base):
        return 1.0 / (base ** (torch.arange(0, self.head_dim, 2, dtype=torch.int64).float() / self.head_dim))

    @staticmethod
    def llama3_inv_freq(inv_freq, s):
        # transformers modeling_rope_utils._compute_llama3_parameters
        factor, low, high = s["factor"], s["low_freq_factor"], s["high_freq_factor"]
        old = s["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        wavelen = 2 * math.pi / inv_freq
        scaled = torch.where(wavelen > low_wavelen, inv_freq / factor, inv_freq)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
        return torch.where(medium, smoothed, scaled)

    def inv_freq_for(self, seq_len):
        if self.rope_type != "dynamic" or seq_len <= self.max_pos:
            return self.inv_freq
        f, d = self.scaling["factor"], self.head_dim
        base = self.base * ((f * seq_len / self.max_pos) - (f - 1)) ** (d / (d - 2))
        return self.default_inv_freq(base)

    def linear(self, x, name):
        return torch.nn.functional.linear(x, self.w[name + ".weight"], self.w.get(name + ".bias"))

    def rms_norm(self, x, weight):
        variance = x.pow(2).mean(-1, keepdim=True)
        return weight * (x * torch.rsqrt(variance + self.eps))

    @staticmethod
    def rotate_half(x):
        x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2 :]
        return torch.cat((-x2, x1), dim=-1)

    def attention(self, i, x, cos, sin, mask, cache):
        p = f"model.layers.{i}.self_attn."
        b, s, _ = x.shape
        q = self.linear(x, p + "q_proj").view(b, s, self.heads, self.head_dim).transpose(1, 2)
        k = self.linear(x, p + "k_proj").view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.linear(x, p + "v_proj").view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + self.rotate_half(q) * sin
        k = k * cos + self.rotate_half(k) * sin
        if cache is not None:
            if i in cache:
                k = torch.cat([cache[i][0], k], dim=2)
                v = torch.cat([cache[i][1], v], dim=2)
            cache[i] = (k, v)
        rep = self.heads // self.kv_heads
        if rep > 1:
            k = k.repeat_interleave(rep, dim=1)
            v = v.repeat_interleave(rep, dim=1)
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.head_dim) + mask
        probs = torch.softmax(scores, dim=-1, dtype=torch.float32)
        out = torch.matmul(probs, v).transpose(1, 2).reshape(b, s, -1)
        return self.linear(out, p + "o_proj")

    def mlp(self, i, x):
        p = f"model.layers.{i}.mlp."
        gate = self.linear(x, p + "gate_proj")
        up = self.linear(x, p + "up_proj")
        return self.linear(torch.nn.functional.silu(gate) * up, p + "down_proj")

    def forward(self, ids, cache=None, past=0, last_only=False, attention_mask=None):
        b, s = ids.shape
        h = torch.nn.functional.embedding(ids, self.w["model.embed_tokens.weight"])
        total = past + s
        if attention_mask is None:
            pos = torch.arange(past, past + s, dtype=torch.float32)[None].expand(b, s)
        else:  # as transformers' generate: count real tokens only
            pos = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)[:, -s:].float()
        inv = self.inv_freq_for(int(pos.max()) + 1)
        freqs = pos[..., None] * inv  # (b, s, dim/2)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos()[:, None], emb.sin()[:, None]
        mask = torch.full((s, total), torch.finfo(torch.float32).min)
        mask = torch.triu(mask, diagonal=past + 1)[None, None].expand(b, 1, s, total).clone()
        if attention_mask is not None:
            mask = mask.masked_fill(attention_mask[:, None, None, :] == 0, torch.finfo(torch.float32).min)
        for i in range(self.layers):
            p = f"model.layers.{i}."
            h = h + self.attention(i, self.rms_norm(h, self.w[p + "input_layernorm.weight"]), cos, sin, mask, cache)
            h = h + self.mlp(i, self.rms_norm(h, self.w[p + "post_attention_layernorm.weight"]))
        h = self.rms_norm(h, self.w["model.norm.weight"])
        if last_only:
            h = h[:, -1:, :]
        return torch.nn.functional.linear(h, self.lm_head)

    def generate(self, prompt, new_tokens, use_cache):
        ids = prompt
        cache = {} if use_cache else None
        logits = self.forward(ids, cache, 0, True)
        for step in range(new_tokens):
            nxt = logits[:, -1, :].argmax(-1, keepdim=True)
            ids = torch.cat([ids, nxt], dim=1)
            if step == new_tokens - 1:
                break
            if use_cache:
                logits = self.forward(nxt, cache, ids.shape[1] - 1, True)
            else:
                logits = self.forward(ids, None, 0, True)
        return ids[:, prompt.shape[1]:]


def timed(fn, iters, warmup):
    times = []
    for i in range(warmup + iters):
        t0 = time.perf_counter()
        out = fn()
        if i >= warmup:
            times.append(time.perf_counter() - t0)
    return out, times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["forward", "generate", "logits"])
    ap.add_argument("model")
    ap.add_argument("io")
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--new-tokens", type=int, default=256)
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = Llama(a.model)
    io = read_safetensors(a.io)
    result = {"engine": "pytorch-eager", "torch": torch.__version__, "threads": torch.get_num_threads()}
    with torch.inference_mode():
        if a.mode == "logits":
            mask = io["attention_mask"]
            logits = model.forward(io["input_ids"], attention_mask=mask)
            real = mask.bool()  # padded positions are not compared: no one reads them
            result.update(mode="logits", max_abs_diff_vs_tunebench=float((logits - io["logits"])[real].abs().max()))
        elif a.mode == "forward":
            ids = io["input_ids"]
            logits, times = timed(lambda: model.forward(ids), a.iters, a.warmup)
            med = statistics.median(times)
            result.update(mode="forward", batch=ids.shape[0], seq=ids.shape[1], median_s=med, min_s=min(times),
                          tokens_per_s=ids.numel() / med,
                          max_abs_diff_vs_tunebench=float((logits - io["logits"]).abs().max()))
        else:
            prompt = io["prompt_ids"]
            new, times = timed(lambda: model.generate(prompt, a.new_tokens, not a.no_cache), a.iters, a.warmup)
            med = statistics.median(times)
            result.update(mode="generate-nocache" if a.no_cache else "generate", batch=prompt.shape[0],
                          seq=prompt.shape[1], new_tokens=a.new_tokens, median_s=med, min_s=min(times),
                          tokens_per_s=prompt.shape[0] * a.new_tokens / med,
                          same_tokens_as_tunebench=bool(torch.equal(new[0], io["new_ids"].reshape(-1))))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
