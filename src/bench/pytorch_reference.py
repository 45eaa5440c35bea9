#!/usr/bin/env python3
"""PyTorch baseline for benchmark B1: the same network as the Java application's default
(`NetworkSpec` conv variant), trained on the same MNIST files, float32, same batch size and threads.

Prints one JSON line: {"samples_per_s": ..., "batches": ..., "seconds": ..., "torch": ..., "blas": ...}.
Run with Debian's python3-torch: /usr/bin/python3 src/bench/pytorch_reference.py --data data/mnist
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx_images(path):
    with open(path, "rb") as f:
        magic, n, rows, cols = np.frombuffer(f.read(16), dtype=">i4")
        assert magic == 0x803, f"{path}: wrong magic {magic:#x}"
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(n, 1, rows, cols)


def read_idx_labels(path):
    with open(path, "rb") as f:
        magic, n = np.frombuffer(f.read(8), dtype=">i4")
        assert magic == 0x801, f"{path}: wrong magic {magic:#x}"
        return np.frombuffer(f.read(), dtype=np.uint8).astype(np.int64)


class ResidualConvUnit(nn.Module):
    """y = x + W2 relu(W1 x + b1) + b2; tied: W2 = alpha * adjoint(W1) (transposed convolution)."""

    def __init__(self, c, k, tied):
        super().__init__()
        self.tied = tied
        self.w1 = nn.Parameter(torch.randn(k, c, 3, 3) * (2.0 / (9 * c)) ** 0.5)
        self.b1 = nn.Parameter(torch.zeros(k))
        self.b2 = nn.Parameter(torch.zeros(c))
        if tied:
            self.log_alpha = nn.Parameter(torch.tensor(np.log(0.1), dtype=torch.float32))
        else:
            self.w2 = nn.Parameter(torch.randn(c, k, 3, 3) * 0.1 * (2.0 / (9 * k)) ** 0.5)

    def forward(self, x):
        h = F.relu(F.conv2d(x, self.w1, self.b1, padding=1))
        if self.tied:
            g = torch.exp(self.log_alpha) * F.conv_transpose2d(h, self.w1, padding=1)
        else:
            g = F.conv2d(h, self.w2, padding=1)
        return x + g + self.b2.view(1, -1, 1, 1)


class Net(nn.Module):
    def __init__(self, units, c1, k1, k2, head_conv, head_conv_layers, head, tied, dropout):
        super().__init__()
        self.c1 = c1
        self.stage1 = nn.Sequential(*[ResidualConvUnit(c1, k1, tied) for _ in range(units)])
        self.stage2 = nn.Sequential(*[ResidualConvUnit(4 * c1, k2, tied) for _ in range(units)])
        # head: optional 3x3 convs + relu, 2x2 max pool ("same": 7x7 -> 4x4), then dense
        convs = [nn.Conv2d(4 * c1 if i == 0 else head_conv, head_conv, 3, padding=1) for i in range(head_conv_layers)]
        self.head_convs = nn.ModuleList(convs)
        self.head = nn.Linear(head_conv * 16 if convs else 4 * c1 * 49, head)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(head, 10)

    def forward(self, x):
        x = F.pixel_unshuffle(x, 2)                    # squeeze: 1x28x28 -> 4x14x14
        x = F.pad(x, (0, 0, 0, 0, 0, self.c1 - 4))     # injective channel padding
        x = self.stage1(x)
        x = F.pixel_unshuffle(x, 2)                    # -> 4*c1 x 7 x 7
        x = self.stage2(x)
        if len(self.head_convs) > 0:
            for conv in self.head_convs:
                x = F.relu(conv(x))
            x = F.max_pool2d(x, 2, ceil_mode=True)
        x = self.drop(F.relu(self.head(x.flatten(1))))
        return self.out(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/mnist")
    p.add_argument("--units", type=int, default=3)
    p.add_argument("--c1", type=int, default=16)
    p.add_argument("--k1", type=int, default=32)
    p.add_argument("--k2", type=int, default=64)
    p.add_argument("--head-conv", type=int, default=128)
    p.add_argument("--head-conv-layers", type=int, default=2)
    p.add_argument("--head", type=int, default=256)
    p.add_argument("--dropout", type=float, default=0.25)
    p.add_argument("--constraint", default="tied", choices=["tied", "none"])
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=20, help="batches before timing starts")
    p.add_argument("--batches", type=int, default=0, help="timed batches (0 = one full epoch)")
    a = p.parse_args()

    torch.manual_seed(1)
    torch.set_num_threads(a.threads)
    x = torch.from_numpy(read_idx_images(f"{a.data}/train-images-idx3-ubyte").astype(np.float32) / 255.0)
    y = torch.from_numpy(read_idx_labels(f"{a.data}/train-labels-idx1-ubyte"))
    net = Net(a.units, a.c1, a.k1, a.k2, a.head_conv, a.head_conv_layers, a.head, a.constraint == "tied", a.dropout)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    n_batches = a.batches or x.shape[0] // a.batch

    def step(i):
        j = (i * a.batch) % (x.shape[0] - a.batch)
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x[j:j + a.batch]), y[j:j + a.batch])
        loss.backward()
        opt.step()
        return loss.item()

    net.train()
    for i in range(a.warmup):
        step(i)
    start = time.perf_counter()
    for i in range(n_batches):
        loss = step(a.warmup + i)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "samples_per_s": n_batches * a.batch / seconds, "batches": n_batches, "seconds": seconds,
        "last_loss": loss, "params": sum(q.numel() for q in net.parameters()),
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "blas": torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0] if "BLAS_INFO" in torch.__config__.show() else "unknown",
    }))


if __name__ == "__main__":
    main()
