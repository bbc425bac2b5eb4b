"""PyTorch references for bench/train-throughput: the three example models, built layer for layer
as mfgc's generated tfjs models (Keras semantics), trained with the same batch size and optimizer on
the CPU.

  cnn          specs/fashion_cnn.mfgnet's tutorial CNN (93,322 params), Adam 1e-3, batch 32
  rnn          specs/turbofan_rul.mfgnet (30,210 params): LSTM(64, sequences) -> dropout 0.2 -> GRU(32)
               -> {dense 16 relu -> dense 1 (mse), dense 1 sigmoid (bce, weight 0.5)}, Adam 1e-3,
               global-norm clipping 1, batch 64
  transformer  specs/process_events_transformer.mfgnet (71,365 params): embedding 64x64 + sinusoidal
               positions, 2 post-norm encoder blocks (MHA 4x16, dropout 0.1; layer norm eps 1e-3;
               dense 128 gelu, dropout 0.1, dense 64), global average pooling, dropout 0.1, dense 5,
               AdamW 1e-3 (weight decay 1e-4) with cosine decay after linear warm-up, batch 32

Usage: /usr/bin/python3 torch_train.py --model cnn|rnn|transformer --samples N --batch B --threads T
       [--images F --labels F]   (cnn: Fashion-MNIST IDX files; otherwise random data of the right shapes)
Prints one JSON line: {"samplesPerSec", "seconds", "cpuSeconds", "samples", "params", "finalLoss", ...}.
Run with Debian's python3 (apt-get install -y python3-torch).
"""
import argparse
import gzip
import json
import math
import struct
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    _, dtype, ndim = struct.unpack(">HBB", data[:4])
    if dtype != 0x08:
        raise ValueError(f"{path}: expected unsigned byte IDX data")
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def glorot_zero(model):
    # Keras defaults for Dense/Conv: glorot-uniform kernels, zero biases.
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


# ---- cnn --------------------------------------------------------------------------------------

def build_cnn():
    # Channels-first here (PyTorch's native layout), which does not change the arithmetic.
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(576, 64), nn.ReLU(),
        nn.Linear(64, 10),
    )
    glorot_zero(model)
    return model


# ---- rnn --------------------------------------------------------------------------------------

class TurbofanRul(nn.Module):
    """Keras LSTM: gates i, f, c, o (PyTorch's i, f, g, o: the same order), sigmoid recurrent
    activation, tanh activation, ONE bias vector. PyTorch's LSTM adds bias_ih + bias_hh, so bias_hh is
    frozen at zero: the same arithmetic and the same trainable parameter count (20,224). Keras GRU
    with reset_after=True (Keras 2+'s default) is exactly PyTorch's GRU formulation (two bias
    vectors, reset gate applied after the recurrent product): 9,408 parameters on both sides.
    Keras's Masking(0) is left out: no time step of the random data is all zeros, so it masks nothing."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(14, 64, batch_first=True)
        nn.init.zeros_(self.lstm.bias_hh_l0)
        self.lstm.bias_hh_l0.requires_grad_(False)
        self.drop = nn.Dropout(0.2)
        self.gru = nn.GRU(64, 32, batch_first=True)
        self.rul = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
        self.fail = nn.Linear(32, 1)
        glorot_zero(self)

    def forward(self, x):
        h, _ = self.lstm(x)
        _, last = self.gru(self.drop(h))
        seq = last[0]
        return self.rul(seq), self.fail(seq)


# ---- transformer ------------------------------------------------------------------------------

class EncoderBlock(nn.Module):
    """mfgc's `encoder` block: post-norm, dropout on the attention probabilities (Keras
    MultiHeadAttention's `dropout`) and after the gelu only, as the spec writes it."""

    def __init__(self, d=64, heads=4, ff=128, rate=0.1):
        super().__init__()
        # Keras MultiHeadAttention(4 heads, key_dim 16) on d=64: q/k/v/output projections with biases,
        # 4 x (64*64 + 64) = 16,640 parameters, as nn.MultiheadAttention(64, 4).
        self.att = nn.MultiheadAttention(d, heads, dropout=rate, batch_first=True)
        self.norm1 = nn.LayerNorm(d, eps=1e-3)
        self.ff = nn.Sequential(nn.Linear(d, ff), nn.GELU(), nn.Dropout(rate), nn.Linear(ff, d))
        self.norm2 = nn.LayerNorm(d, eps=1e-3)

    def forward(self, x):
        att, _ = self.att(x, x, x, need_weights=False)
        h = self.norm1(x + att)
        return self.norm2(h + self.ff(h))


class ProcessTransformer(nn.Module):
    def __init__(self, vocab=64, d=64, length=48, classes=5):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        nn.init.uniform_(self.embed.weight, -0.05, 0.05)  # Keras's Embedding default
        # keras-hub SinePositionEncoding, interleaved: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(...)
        pos = np.arange(length)[:, None]
        i = np.arange(d)[None, :]
        angle = pos / np.power(10000.0, (2 * (i // 2)) / d)
        pe = np.where(i % 2 == 0, np.sin(angle), np.cos(angle)).astype(np.float32)
        self.register_buffer("pe", torch.from_numpy(pe))
        self.blocks = nn.Sequential(EncoderBlock(d), EncoderBlock(d))
        self.drop = nn.Dropout(0.1)
        self.out = nn.Linear(d, classes)
        glorot_zero(self)

    def forward(self, x):
        h = self.blocks(self.embed(x) + self.pe)
        return self.out(self.drop(h.mean(dim=1)))


def cosine_with_warmup(step, warmup=60, decay=600):
    # mfgc's `schedule cosine(decay_steps: 600, warmup_steps: 60)`: linear warm-up, then cosine decay to 0.
    if step < warmup:
        return (step + 1) / warmup
    t = min(step - warmup, decay) / decay
    return 0.5 * (1 + math.cos(math.pi * t))


def setup(a):
    """(model, optimizer, scheduler or None, step function inputs → loss tensor, data tensors)."""
    n = a.samples + a.warmup_batches * a.batch
    rng = np.random.default_rng(42)
    if a.model == "cnn":
        if a.images and a.labels:
            images = read_idx(a.images)[:n].astype(np.float32) / 255.0
            labels = read_idx(a.labels)[:n].astype(np.int64)
            source = "fashion-mnist"
        else:
            images = rng.random((n, 28, 28), dtype=np.float32)
            labels = rng.integers(0, 10, n)
            source = "random"
        model = build_cnn()
        xs = (torch.from_numpy(np.ascontiguousarray(images)).unsqueeze(1),)
        ys = (torch.from_numpy(np.ascontiguousarray(labels)),)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        ce = nn.CrossEntropyLoss()  # softmax + categorical crossentropy on one-hot labels

        def loss_of(x, y):
            return ce(model(x[0]), y[0])

        return model, opt, None, loss_of, xs, ys, source, None
    if a.model == "rnn":
        model = TurbofanRul()
        xs = (torch.from_numpy(rng.standard_normal((n, 30, 14), dtype=np.float32)),)
        ys = (torch.from_numpy(rng.random((n, 1), dtype=np.float32) * 100),
              torch.from_numpy((rng.random((n, 1)) < 0.3).astype(np.float32)))
        opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3, eps=1e-7)
        mse = nn.MSELoss()
        bce = nn.BCEWithLogitsLoss()  # sigmoid output + binary crossentropy

        def loss_of(x, y):
            rul, fail = model(x[0])
            return mse(rul, y[0]) + 0.5 * bce(fail, y[1])

        return model, opt, None, loss_of, xs, ys, "random", 1.0
    model = ProcessTransformer()
    xs = (torch.from_numpy(rng.integers(0, 64, (n, 48))),)
    ys = (torch.from_numpy(rng.integers(0, 5, n)),)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4, eps=1e-7)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, cosine_with_warmup)
    ce = nn.CrossEntropyLoss()

    def loss_of(x, y):
        return ce(model(x[0]), y[0])

    return model, opt, sched, loss_of, xs, ys, "random", None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["cnn", "rnn", "transformer"], default="cnn")
    p.add_argument("--samples", type=int, default=6400)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--images")
    p.add_argument("--labels")
    p.add_argument("--warmup-batches", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    model, opt, sched, loss_of, xs, ys, source, clip = setup(a)
    model.train()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    trainable = [p for p in model.parameters() if p.requires_grad]

    def step(i):
        x = tuple(t[i : i + a.batch] for t in xs)
        y = tuple(t[i : i + a.batch] for t in ys)
        opt.zero_grad(set_to_none=True)
        loss = loss_of(x, y)
        loss.backward()
        if clip is not None:
            nn.utils.clip_grad_norm_(trainable, clip)
        opt.step()
        if sched is not None:
            sched.step()
        return loss.item()

    offset = 0
    for _ in range(a.warmup_batches):
        step(offset)
        offset += a.batch
    start = time.perf_counter()
    cpu_start = time.process_time()
    done = 0
    loss = float("nan")
    while done < a.samples:
        loss = step(offset + done)
        done += a.batch
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({
        "model": a.model, "samplesPerSec": done / seconds, "seconds": seconds, "cpuSeconds": cpu_seconds,
        "samples": done, "batch": a.batch, "threads": a.threads, "params": params, "finalLoss": loss,
        "data": source, "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
