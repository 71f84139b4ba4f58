"""Data-parallel SGD with ``torch.distributed``: all-reduce of gradients = a larger batch.

Each of the P workers (ranks) holds a copy of the model, computes the mean-loss gradient
g_r on its own batch of B samples, and all-reduces: every rank then steps with

    ḡ = (1/P) Σ_r g_r,

which is exactly the gradient of the mean loss over the union of the P batches (P·B
samples, all of equal size B). So P workers with batch B run mini-batch SGD with batch P·B.

Run it (CPU: gloo; GPUs: NCCL, one process per GPU):

    torchrun --standalone --nproc_per_node=2 -m sgdcourse.distributed --epochs 1

On several machines, start the same command on each with ``--nnodes=M
--rdzv_backend=c10d --rdzv_endpoint=HOST:PORT`` (instead of ``--standalone``): the c10d
rendezvous assigns the node ranks and gives each process its global rank and the world
size, and the code is unchanged. (``--node_rank=i`` belongs to the static rendezvous, with
``--master_addr``/``--master_port``.)
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import torch
import torch.distributed as dist
from torch import nn

from .data import DeviceLoader


def average_gradients(model: nn.Module) -> None:
    """g ← (1/P) Σ_r g_r for every parameter, in place, on every rank."""
    world_size = dist.get_world_size()
    for parameter in model.parameters():
        if parameter.grad is not None:
            dist.all_reduce(parameter.grad, op=dist.ReduceOp.SUM)
            parameter.grad /= world_size


def train_data_parallel(
    model: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    *,
    batch_size: int,
    lr: float,
    epochs: int,
    seed: int = 0,
    device: torch.device | str = "cpu",
) -> list[float]:
    """Mini-batch SGD with this rank's shard of every global batch; returns this rank's batch losses.

    Every rank must start from the same weights (same seed, or a broadcast from rank 0).
    With ``world_size`` 1 this is plain mini-batch SGD with batch ``batch_size``.
    """
    rank, world_size = (dist.get_rank(), dist.get_world_size()) if dist.is_initialized() else (0, 1)
    loader = DeviceLoader(images, labels, batch_size=batch_size, drop_last=True, mean=0.0, std=1.0,
                          flatten=True, dtype=next(model.parameters()).dtype, seed=seed,
                          rank=rank, world_size=world_size, device=device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        for x, y in loader:
            loss = nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if world_size > 1:
                average_gradients(model)
            optimizer.step()
            losses.append(loss.item())
    return losses


def main(argv: list[str] | None = None) -> None:
    """One rank (launched by torchrun) training the 3072-512-10 MLP on CIFAR-10; with --out, each
    rank saves its batch losses, final weights and torchrun's environment to OUT/rank<r>.pt."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64, help="per worker; the global batch is P times larger")
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--images", type=int, help="train on the first N training images (default: all 50,000)")
    parser.add_argument("--float64", action="store_true", help="weights and data in float64 (exact comparisons)")
    parser.add_argument("--data-root", help="folder holding cifar-10-batches-py/ (default: $SGDCOURSE_DATA)")
    parser.add_argument("--out", type=Path, help="folder for each rank's rank<r>.pt")
    args = parser.parse_args(argv)

    use_cuda = torch.cuda.is_available()
    dist.init_process_group("nccl" if use_cuda else "gloo")  # rank and world size from torchrun's variables
    rank, world_size = dist.get_rank(), dist.get_world_size()
    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0))) if use_cuda else torch.device("cpu")

    from .data import load_cifar10
    from .models import build_mlp

    data = load_cifar10(args.data_root)
    images, labels = data.train_images[:args.images], data.train_labels[:args.images]
    torch.manual_seed(0)  # the same initial weights on every rank
    model = build_mlp(hidden_layers=1).to(device, torch.float64 if args.float64 else torch.float32)
    start = time.perf_counter()
    losses = train_data_parallel(model, images, labels, batch_size=args.batch_size, lr=args.lr,
                                 epochs=args.epochs, device=device)
    seconds = time.perf_counter() - start
    if args.out is not None:
        environment = {k: os.environ[k] for k in ["RANK", "LOCAL_RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"]}
        torch.save({"losses": losses, "weights": model.state_dict(), "environment": environment,
                    "backend": dist.get_backend(), "train_seconds": seconds}, args.out / f"rank{rank}.pt")
    if rank == 0:
        print(f"{world_size} workers × batch {args.batch_size} = global batch {world_size * args.batch_size}: "
              f"{len(losses)} steps in {seconds:.1f} s, last loss {losses[-1]:.3f}")
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
