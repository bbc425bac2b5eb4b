"""PyTorch replica of specs/fashion_bn_augment.mfgnet, to tell a recipe that cannot reach the issue's
0.93 test accuracy from an mfgc divergence.

Keras semantics spelled out: Glorot-uniform kernels, zero biases, BatchNormalization momentum 0.99
(PyTorch momentum 0.01) and epsilon 1e-3, Adam(lr, eps=1e-7), CosineDecay per optimizer step to zero
over the whole run, validation = the last 10 % of the training file (Keras's validation_split),
best-val_accuracy weights restored before the test.

Run with Debian's python3 (python3-torch):
  /usr/bin/python3 bench/fashion-bn-augment/torch_reference.py --epochs 13 [--translate 0.04]
    [--interpolation nearest|bilinear] [--stage-dropout 0.1,0.2,0.3] [--dense-dropout 0.4] [--threads 2]
The defaults are recipe B of bench/results/fashion-bn-augment.md; the spec's recipe C is
`--epochs 16 --translate 0.04` (nearest), recipe A `--translate 0.08 --interpolation bilinear
--stage-dropout 0.1,0.2,0.3 --dense-dropout 0.4`.
"""
import argparse, gzip, math, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = "/usr/share/datasets/fashion-mnist/"


def idx(path):
    with gzip.open(ROOT + path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def glorot(m):
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)


class Net(nn.Module):
    def __init__(self, stage_dropout, dense_dropout):
        super().__init__()
        chans = [1, 32, 64, 128]
        self.convs = nn.ModuleList(nn.Conv2d(chans[i], chans[i + 1], 3, padding=1, bias=False) for i in range(3))
        self.bns = nn.ModuleList(nn.BatchNorm2d(c, eps=1e-3, momentum=0.01) for c in chans[1:])
        self.stage_dropout = stage_dropout
        # Keras pools 7x7 to 3x3 (floor), so the flattened size is 3*3*128.
        self.dense = nn.Linear(3 * 3 * 128, 256, bias=False)
        self.dense_bn = nn.BatchNorm1d(256, eps=1e-3, momentum=0.01)
        self.dense_dropout = dense_dropout
        self.out = nn.Linear(256, 10)
        self.apply(glorot)

    def forward(self, x):
        for conv, bn, p in zip(self.convs, self.bns, self.stage_dropout):
            x = F.max_pool2d(F.relu(bn(conv(x))), 2)
            if p > 0:
                x = F.dropout(x, p, self.training)
        # channels-last flatten, as Keras does, so the dense kernel layout matches
        x = x.permute(0, 2, 3, 1).flatten(1)
        x = F.relu(self.dense_bn(self.dense(x)))
        if self.dense_dropout > 0:
            x = F.dropout(x, self.dense_dropout, self.training)
        return self.out(x)


def augment(x, translate, interpolation, gen):
    flip = torch.rand(x.shape[0], generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    if translate > 0:
        # Keras RandomTranslation: shift by a uniform fraction of the size, bilinear, constant fill 0
        n = x.shape[0]
        shifts = (torch.rand(n, 2, generator=gen) * 2 - 1) * translate * 2  # in [-1,1] grid units
        theta = torch.zeros(n, 2, 3)
        theta[:, 0, 0] = 1
        theta[:, 1, 1] = 1
        theta[:, :, 2] = shifts
        grid = F.affine_grid(theta, x.shape, align_corners=False)
        x = F.grid_sample(x, grid, mode=interpolation, padding_mode="zeros", align_corners=False)
    return x


def evaluate(net, x, y):
    net.eval()
    correct, loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            logits = net(x[i : i + 1000])
            loss += F.cross_entropy(logits, y[i : i + 1000], reduction="sum").item()
            correct += (logits.argmax(1) == y[i : i + 1000]).sum().item()
    return loss / len(x), correct / len(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=13)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--translate", type=float, default=0.0)
    ap.add_argument("--interpolation", choices=["nearest", "bilinear"], default="nearest")
    ap.add_argument("--stage-dropout", default="0,0,0")
    ap.add_argument("--dense-dropout", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)

    xs = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32)[:, None] / 255
    ys = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.int64)
    xt = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32)[:, None] / 255
    yt = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.int64)
    n_train = int(len(xs) * 0.9)
    xtr, ytr, xv, yv = xs[:n_train], ys[:n_train], xs[n_train:], ys[n_train:]

    net = Net([float(p) for p in a.stage_dropout.split(",")], a.dense_dropout)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr, eps=1e-7)
    steps_per_epoch = math.ceil(n_train / a.batch)
    total = steps_per_epoch * a.epochs
    step, best, best_state = 0, -1.0, None
    print(f"args {vars(a)}", flush=True)
    for epoch in range(1, a.epochs + 1):
        net.train()
        t0 = time.time()
        perm = torch.randperm(n_train, generator=gen)
        seen, correct = 0, 0
        for i in range(0, n_train, a.batch):
            idxs = perm[i : i + a.batch]
            xb = augment(xtr[idxs], a.translate, a.interpolation, gen)
            for g in opt.param_groups:
                g["lr"] = a.lr * 0.5 * (1 + math.cos(math.pi * min(step, total) / total))
            logits = net(xb)
            loss = F.cross_entropy(logits, ytr[idxs])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            seen += len(idxs)
            correct += (logits.argmax(1) == ytr[idxs]).sum().item()
        vl, va = evaluate(net, xv, yv)
        if va > best:
            best = va
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
        print(f"epoch {epoch} acc {correct / seen:.4f} val_loss {vl:.4f} val_acc {va:.4f} {time.time() - t0:.1f}s", flush=True)
    net.load_state_dict(best_state)
    tl, ta = evaluate(net, xt, yt)
    print(f"best val_acc {best:.4f} test_acc {ta:.4f} test_loss {tl:.4f}", flush=True)


if __name__ == "__main__":
    main()
