"""PyTorch reference for bench/train-throughput: the tutorial CNN, same batch, Adam(1e-3), CPU.

Usage: /usr/bin/python3 torch_cnn.py --samples N --batch B --threads 2 [--images F --labels F]
Prints one JSON line: {"samplesPerSec": ..., "seconds": ..., "samples": ..., "finalLoss": ..., ...}.
Run with Debian's python3 (apt-get install -y python3-torch).
"""
import argparse
import gzip
import json
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


def build_model():
    # Same layers as the tfjs model: glorot-uniform kernels, zero biases; channels-first here
    # (PyTorch's native layout), which does not change the arithmetic.
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(576, 64), nn.ReLU(),
        nn.Linear(64, 10),
    )
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--samples", type=int, default=6400)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--images")
    p.add_argument("--labels")
    p.add_argument("--warmup-batches", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)

    n = a.samples + a.warmup_batches * a.batch
    if a.images and a.labels:
        images = read_idx(a.images)[:n].astype(np.float32) / 255.0
        labels = read_idx(a.labels)[:n].astype(np.int64)
        source = "fashion-mnist"
    else:
        rng = np.random.default_rng(42)
        images = rng.random((n, 28, 28), dtype=np.float32)
        labels = rng.integers(0, 10, n)
        source = "random"
    x_all = torch.from_numpy(np.ascontiguousarray(images)).unsqueeze(1)
    y_all = torch.from_numpy(np.ascontiguousarray(labels))

    model = build_model()
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical crossentropy on one-hot labels

    def step(i):
        x = x_all[i : i + a.batch]
        y = y_all[i : i + a.batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    offset = 0
    for _ in range(a.warmup_batches):
        step(offset)
        offset += a.batch
    start = time.perf_counter()
    done = 0
    loss = float("nan")
    while done < a.samples:
        loss = step(offset + done)
        done += a.batch
    seconds = time.perf_counter() - start
    print(json.dumps({
        "samplesPerSec": done / seconds, "seconds": seconds, "samples": done, "batch": a.batch,
        "threads": a.threads, "params": params, "finalLoss": loss, "data": source,
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
