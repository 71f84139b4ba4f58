"""Two gloo workers with batch B each = one process with batch 2B (same data, same order)."""

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn

from sgdcourse.distributed import train_data_parallel

BATCH, LR, EPOCHS = 16, 0.1, 2


def synthetic_images(n=256, seed=0):
    """Synthetic uint8 images and labels (unit tests only)."""
    generator = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 256, (n, 3, 4, 4), dtype=torch.uint8, generator=generator)
    return images, torch.randint(0, 10, (n,), generator=generator)


def small_model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(48, 32), nn.ReLU(), nn.Linear(32, 10)).double()


def worker(rank, world_size, init_file, output):
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world_size)
    torch.set_default_dtype(torch.float64)
    model = small_model()
    images, labels = synthetic_images()
    train_data_parallel(model, images, labels, batch_size=BATCH, lr=LR, epochs=EPOCHS)
    if rank == 0:
        torch.save(model.state_dict(), output)
    dist.destroy_process_group()


def test_two_gloo_workers_equal_one_process_with_the_combined_batch(tmp_path):
    output = tmp_path / "parallel.pt"
    mp.spawn(worker, args=(2, str(tmp_path / "rendezvous"), str(output)), nprocs=2, join=True)
    parallel = torch.load(output)

    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        model = small_model()
        images, labels = synthetic_images()
        train_data_parallel(model, images, labels, batch_size=2 * BATCH, lr=LR, epochs=EPOCHS)
    finally:
        torch.set_default_dtype(previous)
    for name, value in model.state_dict().items():
        torch.testing.assert_close(parallel[name], value, rtol=1e-12, atol=1e-12)
    assert not torch.equal(parallel["0.weight"], small_model().state_dict()["0.weight"])  # it trained
