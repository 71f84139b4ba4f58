"""The testbed's cost: seconds per training epoch of the MLP and the CNN on this machine's CPU.

One epoch = one pass over the studies' 10,000 training images (the first of the lecture's
40,000-image split; a full lecture epoch is four times as long) at batch 128 with momentum
SGD, the CNN with its random flips and 4-pixel crops, timed with 1 and with 2 torch threads. Wall time is what a reader waits; on a shared machine other processes inflate it,
so the record keeps the machine's load average and the process's CPU time beside it (with
one thread, CPU time is the epoch's cost on an idle core).

    python -m sgdcourse.experiments.testbed   writes results/testbed/epoch-times.json
"""

from __future__ import annotations

import json
import os
import time

import torch

from .. import provenance
from ..data import load_cifar10, train_val_split
from .claims import TRAIN_SIZE
from .mlp_study import VAL_SIZE
from .store import RESULTS_DIR, write_result
from .studies import RunConfig, build_loader, build_model, build_optimizer

PATH = RESULTS_DIR / "testbed" / "epoch-times.json"


def epoch_seconds(model_kind: str, images: torch.Tensor, labels: torch.Tensor, *, threads: int) -> dict:
    """Wall and CPU seconds of one training epoch (forward, backward, step per batch) on the CPU."""
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        torch.manual_seed(0)
        batches = build_loader(model_kind, images, labels, batch_size=128, shuffle=True, device="cpu")
        model = build_model(model_kind, inputs=images[0].numel(), classes=10)
        optimizer = build_optimizer(RunConfig("momentum", 0.01), model.parameters())
        start, cpu_start = time.perf_counter(), time.process_time()
        for x, y in batches:
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        return {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu_start}
    finally:
        torch.set_num_threads(previous)


def measure(data_root=None) -> dict:
    data = load_cifar10(data_root)
    (images, labels), _ = train_val_split(data.train_images, data.train_labels, n_val=VAL_SIZE, seed=0)
    images, labels = images[:TRAIN_SIZE], labels[:TRAIN_SIZE]
    record = {"images_per_epoch": len(images), "batch_size": 128, "load_average_before": os.getloadavg()[0],
              "seconds": {}, "parameters": {}}
    for kind in ("mlp", "cnn"):
        record["parameters"][kind] = sum(p.numel() for p in build_model(kind, inputs=3072, classes=10).parameters())
        record["seconds"][kind] = {str(threads): epoch_seconds(kind, images, labels, threads=threads)
                                   for threads in (1, 2)}
    record["load_average_after"] = os.getloadavg()[0]
    record["provenance"] = provenance.record("cpu")
    return record


def load() -> dict:
    return json.loads(PATH.read_text())


def load_training_loop(device: str = "cpu") -> dict:
    """The stored `benchmarks/training_loop.py --store` measurement on `device`: seconds per
    lecture epoch of sgdcourse's loop and a bare torch loop, side by side, and the FLOP bound."""
    return json.loads((PATH.parent / f"training-loop-{device}.json").read_text())


if __name__ == "__main__":
    result = measure()
    write_result(PATH, result)
    print(json.dumps(result, indent=1))
