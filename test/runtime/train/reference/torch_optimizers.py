"""PyTorch's optimizers on the problem of problem.ts, for optimizers-torch.test.ts.

Reads {"X", "Y", "K0", "C0", "steps", "cases": [{"optimizer", "kwargs", "clip_value"}]} as JSON on stdin;
writes, per case and step, the weights [K (3x2, row-major), c] after the step. float64 throughout;
gradients by autograd of mean((tanh(X @ K + c) - Y)^2), independently of the TypeScript side.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)
spec = json.load(sys.stdin)
X = torch.tensor(spec["X"])
Y = torch.tensor(spec["Y"])

OPTIMIZERS = {
    "SGD": torch.optim.SGD,
    "RMSprop": torch.optim.RMSprop,
    "Adagrad": torch.optim.Adagrad,
    "Adadelta": torch.optim.Adadelta,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
    "Adamax": torch.optim.Adamax,
    "NAdam": torch.optim.NAdam,
}

out = []
for case in spec["cases"]:
    K = torch.tensor(spec["K0"]).reshape(3, 2).requires_grad_()
    c = torch.tensor(spec["C0"]).requires_grad_()
    opt = OPTIMIZERS[case["optimizer"]]([K, c], **case["kwargs"])
    steps = []
    for _ in range(spec["steps"]):
        opt.zero_grad()
        loss = ((torch.tanh(X @ K + c) - Y) ** 2).mean()
        loss.backward()
        if case.get("clip_value") is not None:
            torch.nn.utils.clip_grad_value_([K, c], case["clip_value"])
        opt.step()
        steps.append([K.detach().reshape(-1).tolist(), c.detach().tolist()])
    out.append(steps)
json.dump(out, sys.stdout)
