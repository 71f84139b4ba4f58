"""One CIFAR-10 epoch of the lecture's MLP: sgdcourse's loop (DeviceLoader + train.fit) against
a bare torch loop over the same tensors, side by side, with the FLOP bound of the epoch.

    python benchmarks/training_loop.py [--hidden-layers 1] [--samples 40000] [--repeats 3] [--device cpu|cuda]
                                       [--store]   (also writes results/testbed/training-loop-<device>.json)

Both train the same model (same initial weights, plain SGD, |B| = 128) on the same real
CIFAR-10 images (``$SGDCOURSE_DATA`` or the user cache) and evaluate on the same 1,000
validation images; the runs alternate so that machine load hits both alike. The bare loop
is what a user would write: images normalised and flattened once, a random permutation per
epoch, index, forward, backward, step. The FLOP bound is the epoch's multiply-adds (forward
2·Σ fan_in·fan_out per sample, backward twice that) divided by the throughput this machine
measures for the largest layer's matrix product; no loop can beat it.
Goal: ours / bare <= 1.5.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

from sgdcourse.data import DeviceLoader, load_cifar10
from sgdcourse.experiments.store import RESULTS_DIR, write_result
from sgdcourse.models import build_mlp
from sgdcourse.provenance import record
from sgdcourse.train import fit

BATCH_SIZE, LR, VAL_SIZE = 128, 0.01, 1000


def bare_epoch(model, images, labels, val_images, val_labels, generator) -> None:
    """The loop a user writes by hand over pre-normalised, flattened tensors."""
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    model.train()
    order = torch.randperm(len(images), generator=generator, device="cpu").to(images.device)
    for start in range(0, len(images), BATCH_SIZE):
        index = order[start:start + BATCH_SIZE]
        loss = nn.functional.cross_entropy(model(images[index]), labels[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        nn.functional.cross_entropy(model(val_images), val_labels).item()


def ours_epoch(model, train, val) -> None:
    fit(model, torch.optim.SGD(model.parameters(), lr=LR), train, val, epochs=1, progress=False)


def flops_per_sample(model: nn.Module) -> int:
    """Forward 2·fan_in·fan_out per linear layer; forward + backward = 3× that."""
    forward = sum(2 * m.in_features * m.out_features for m in model.modules() if isinstance(m, nn.Linear))
    return 3 * forward


def matmul_gflops(device: torch.device, n: int, k: int, m: int, seconds: float = 1.0) -> float:
    """Measured throughput of an (n×k)·(k×m) float32 product, the epoch's dominant operation."""
    a, b = torch.randn(n, k, device=device), torch.randn(k, m, device=device)
    for _ in range(3):
        a @ b
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        a @ b
        count += 1
    if device.type == "cuda":
        torch.cuda.synchronize()
    return 2 * n * k * m * count / (time.perf_counter() - start) / 1e9


def timed(function, device: torch.device) -> float:
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    function()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hidden-layers", type=int, default=1)
    parser.add_argument("--samples", type=int, default=40_000, help="training images per epoch (default 40,000)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--store", action="store_true", help="store the measurement where the book reads it")
    args = parser.parse_args()
    device = torch.device(args.device)

    data = load_cifar10()
    images, labels = data.train_images[:args.samples], data.train_labels[:args.samples]
    val_images, val_labels = data.test_images[:VAL_SIZE], data.test_labels[:VAL_SIZE]
    train = DeviceLoader(images, labels, batch_size=BATCH_SIZE, flatten=True, seed=0, device=device)
    val = DeviceLoader(val_images, val_labels, batch_size=VAL_SIZE, shuffle=False, flatten=True, device=device)
    # The bare loop gets exactly the tensors the loader holds (normalised once, flattened).
    bare_images, bare_labels = train.images.flatten(1), train.labels
    bare_val, bare_val_labels = val.images.flatten(1), val.labels

    torch.manual_seed(0)
    model = build_mlp(args.hidden_layers).to(device)
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    generator = torch.Generator().manual_seed(0)
    times = {"sgdcourse": [], "bare torch": []}
    for _ in range(args.repeats):
        model.load_state_dict(initial)
        times["bare torch"].append(timed(lambda: bare_epoch(model, bare_images, bare_labels, bare_val,
                                                            bare_val_labels, generator), device))
        model.load_state_dict(initial)
        times["sgdcourse"].append(timed(lambda: ours_epoch(model, train, val), device))

    width = 512
    gflops = matmul_gflops(device, BATCH_SIZE, 3072, width)
    epoch_gflop = flops_per_sample(model) * (args.samples + VAL_SIZE / 3) / 1e9
    bound = epoch_gflop / gflops
    run = record(device)
    print(f"{run['device']} · torch {run['torch']} · {torch.get_num_threads()} threads · {run['date']}")
    print(f"MLP 3072-{'-'.join(['512'] * args.hidden_layers)}-10, {args.samples} images, |B| = {BATCH_SIZE}, "
          f"median of {args.repeats} epochs")
    for name, values in times.items():
        print(f"  {name:<11} {statistics.median(values):7.2f} s per epoch   ({', '.join(f'{v:.2f}' for v in values)})")
    ratio = statistics.median(times["sgdcourse"]) / statistics.median(times["bare torch"])
    print(f"  ratio sgdcourse / bare torch: {ratio:.2f} (goal <= 1.5)")
    print(f"  FLOP bound: {epoch_gflop:.0f} GFLOP per epoch at {gflops:.0f} GFLOP/s "
          f"(measured ({BATCH_SIZE}×3072)·(3072×{width}) product) = {bound:.2f} s; "
          f"bare torch reaches {bound / statistics.median(times['bare torch']):.0%} of it")
    if args.store:
        stored = {"model": f"MLP 3072-{'-'.join(['512'] * args.hidden_layers)}-10", "images": args.samples,
                  "batch_size": BATCH_SIZE, "threads": torch.get_num_threads(), "seconds": times,
                  "ratio": ratio, "flop_bound_seconds": bound, "epoch_gflop": epoch_gflop,
                  "matmul_gflops": gflops, "provenance": run}
        print(write_result(RESULTS_DIR / "testbed" / f"training-loop-{device.type}.json", stored))


if __name__ == "__main__":
    main()
