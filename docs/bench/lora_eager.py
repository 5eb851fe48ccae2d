#!/usr/bin/env python3
"""PyTorch eager twin of `tunebench bench lora`: the same LoRA SFT training steps on the same
model and token ids. r=8, alpha=16 on q,k,v,o,gate,up,down; base frozen; AdamW (lr 1e-4) on
the LoRA parameters only; clip_grad_norm_(1.0); loss over every next token.

  lora_eager.py MODEL_DIR IO.safetensors [--iters N --warmup W --threads T]
IO.safetensors is what `tunebench bench lora --save-io` wrote (input_ids). Prints one JSON line.
"""
import argparse, json, math, statistics, time

import torch

from llama_eager import Llama, read_safetensors

TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


class LoraLlama(Llama):
    def __init__(self, model_dir, r=8, alpha=16):
        super().__init__(model_dir)
        self.scaling = alpha / r
        self.lora = {}
        for name, w in self.w.items():
            module = name[: -len(".weight")]
            if name.endswith(".weight") and module.split(".")[-1] in TARGETS:
                out_f, in_f = w.shape
                a = torch.empty(r, in_f)
                torch.nn.init.kaiming_uniform_(a, a=math.sqrt(5))  # PEFT's default
                self.lora[module] = (a.requires_grad_(), torch.zeros(out_f, r, requires_grad=True))

    def linear(self, x, name):
        y = super().linear(x, name)
        if name in self.lora:
            a, b = self.lora[name]
            y = y + torch.nn.functional.linear(torch.nn.functional.linear(x, a), b) * self.scaling
        return y

    def parameters(self):
        return [p for pair in self.lora.values() for p in pair]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("io")
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = LoraLlama(a.model)
    ids = read_safetensors(a.io)["input_ids"]
    params = model.parameters()
    opt = torch.optim.AdamW(params, lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    times, first_loss = [], None
    for i in range(a.warmup + a.iters):
        t0 = time.perf_counter()
        logits = model.forward(ids)
        loss = torch.nn.functional.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]),
                                                 ids[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad()
        if i == 0:
            first_loss = loss.item()
        if i >= a.warmup:
            times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(json.dumps({"engine": "pytorch-eager", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "mode": "lora", "batch": ids.shape[0], "seq": ids.shape[1], "iters": a.iters,
                      "median_step_s": med, "first_loss": first_loss,
                      "trainable_parameters": sum(p.numel() for p in params),
                      "tokens_per_s": ids.numel() / med}))


if __name__ == "__main__":
    main()
