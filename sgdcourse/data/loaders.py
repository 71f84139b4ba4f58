"""Device-resident mini-batch loaders: the whole split lives on the device, prepared once.

A ``torch.utils.data.DataLoader`` over a torchvision dataset converts every image to
PIL, back to a tensor and normalises it, one image at a time in Python. Here the
uint8 split is moved to the device once, normalised (and padded) once, shuffled with
one ``randperm`` per epoch, and augmented with batched tensor ops; a batch is then a
single indexing operation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import torch

# Per-channel mean and std of the 50,000 CIFAR-10 training images, in [0, 1].
CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2470, 0.2435, 0.2616)


def default_device() -> torch.device:
    """CUDA when available, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def channel_mean_std(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-channel mean and (population) std of uint8 images (N, C, H, W), scaled to [0, 1].

    Computed exactly from each channel's 256-bin histogram, in float64, without a
    floating-point copy of the images (which would be 1.2 GB for CIFAR-10).
    """
    values = torch.arange(256, dtype=torch.float64, device=images.device) / 255
    histograms = torch.stack([torch.bincount(images[:, c].flatten(), minlength=256) for c in range(images.shape[1])])
    weights = histograms.double() / histograms[0].sum()
    mean = weights @ values
    std = (weights * (values - mean[:, None]) ** 2).sum(dim=1).sqrt()
    return mean, std


def train_val_split(
    images: torch.Tensor, labels: torch.Tensor, *, n_val: int = 10_000, seed: int = 0
) -> tuple[tuple[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]:
    """Split into ``(train_images, train_labels), (val_images, val_labels)`` at random.

    The lecture holds out 10,000 of the 50,000 CIFAR-10 training images. The permutation
    comes from a seeded CPU generator, so the split is the same on every machine.
    """
    if not 0 < n_val < len(images):
        raise ValueError(f"n_val must be between 1 and {len(images) - 1} (the number of images - 1), got {n_val}.")
    if len(labels) != len(images):
        raise ValueError(f"{len(images)} images but {len(labels)} labels.")
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))
    val, train = order[:n_val], order[n_val:]
    return (images[train], labels[train]), (images[val], labels[val])


class DeviceLoader:
    """Mini-batches ``(x, y)`` of one split, kept normalised on the device.

    ``x = (images / 255 - mean) / std`` per channel, computed once at construction; pass
    ``mean=0.0, std=1.0`` for plain [0, 1] scaling. Each ``iter()`` is a new epoch with a
    new order, reproducible from ``seed`` (``set_epoch`` rewinds or skips ahead).

    Args:
        images: uint8 (N, C, H, W); labels: integer (N,).
        batch_size: samples per batch (per rank when sharded).
        shuffle: new random order each epoch; otherwise the stored order.
        drop_last: drop the final incomplete batch (with sharding: the final incomplete
            step, so every rank gets the same number of full batches).
        flatten: yield x as (B, C*H*W) for MLPs.
        dtype: floating dtype of x (float32, float16, bfloat16).
        channels_last: yield x in channels-last memory format (for convolutions).
        flip: flip each image horizontally with probability 1/2.
        translate: shift each image by up to this many pixels in x and y, filling with
            the reflection of the image (a random crop of the reflect-padded image).
        seed: seeds the order and the augmentation of every epoch.
        rank, world_size: data-parallel sharding. Each epoch's order is split into
            steps of ``world_size * batch_size`` samples and rank r takes the r-th batch
            of every step, so the ranks' batches are disjoint and together cover the epoch.
        device: where the data lives (default: CUDA when available, else CPU).
    """

    def __init__(
        self,
        images: torch.Tensor,
        labels: torch.Tensor,
        *,
        batch_size: int = 128,
        shuffle: bool = True,
        drop_last: bool = False,
        mean: float | Sequence[float] = CIFAR10_MEAN,
        std: float | Sequence[float] = CIFAR10_STD,
        flatten: bool = False,
        dtype: torch.dtype = torch.float32,
        channels_last: bool = False,
        flip: bool = False,
        translate: int = 0,
        seed: int = 0,
        rank: int = 0,
        world_size: int = 1,
        device: torch.device | str | None = None,
    ) -> None:
        _check_arguments(images, labels, batch_size, dtype, flatten, channels_last, translate, seed, rank, world_size)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.flatten = flatten
        self.channels_last = channels_last
        self.flip = flip
        self.translate = translate
        self.seed = seed
        self.rank = rank
        self.world_size = world_size
        self.device = torch.device(device) if device is not None else default_device()
        self.epoch = 0
        self.num_samples = len(images)
        self.labels = labels.to(self.device, torch.int64)
        self.image_size = tuple(images.shape[2:])
        self.images = _prepare(images.to(self.device), mean, std, dtype, translate)

    def __len__(self) -> int:
        """Number of batches this rank yields per epoch."""
        return len(self._batch_starts())

    def set_epoch(self, epoch: int) -> None:
        """Make the next ``iter()`` produce epoch ``epoch`` (e.g. when resuming)."""
        self.epoch = epoch

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        # Every rank draws the same order (stream 0); augmentation differs per rank.
        if self.shuffle:
            order = torch.randperm(self.num_samples, generator=self._generator(0), device=self.device)
        else:
            order = torch.arange(self.num_samples, device=self.device)
        augmentation = self._generator(1 + self.rank)
        starts = self._batch_starts()
        self.epoch += 1
        return (self._batch(order[start : start + self.batch_size], augmentation) for start in starts)

    def _batch_starts(self) -> range:
        step = self.world_size * self.batch_size
        stop = self.num_samples // step * step if self.drop_last else self.num_samples
        return range(self.rank * self.batch_size, stop, step)

    def _generator(self, stream: int) -> torch.Generator:
        """A generator for this epoch and stream, independent of the other epochs."""
        state = np.random.SeedSequence([self.seed, self.epoch, stream]).generate_state(1, np.uint64)[0]
        return torch.Generator(self.device).manual_seed(int(state))

    def _batch(self, index: torch.Tensor, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        if self.translate:
            # All (2t+1)^2 crops of every padded image as a view (N, C, 2t+1, 2t+1, H, W),
            # without copying: a batch of random crops is then a single indexing op.
            crops = self.images.unfold(2, self.image_size[0], 1).unfold(3, self.image_size[1], 1)
            shifts = torch.randint(0, 2 * self.translate + 1, (2, len(index)), generator=generator, device=self.device)
            x = crops[index, :, shifts[0], shifts[1]]
        else:
            x = self.images.index_select(0, index)
        if self.flip:
            flipped = torch.rand(len(index), generator=generator, device=self.device) < 0.5
            x = torch.where(flipped[:, None, None, None], x.flip(3), x)
        if self.flatten:
            x = x.reshape(len(index), -1)
        elif self.channels_last:
            # Indexing does not keep the memory format, hence this per-batch copy.
            x = x.contiguous(memory_format=torch.channels_last)
        return x, self.labels[index]


def scale_to_unit(images: torch.Tensor, *, flatten: bool = False) -> torch.Tensor:
    """uint8 images (N, C, H, W) → float32 x = images / 255 in [0, 1], as (N, C·H·W) when `flatten`.

    The lecture's preprocessing, for a chunk at a time (e.g. a ``transform`` that keeps the
    data as bytes until used); ``DeviceLoader(..., mean=0.0, std=1.0, flatten=True)`` applies
    the same once to a whole dataset.
    """
    x = _prepare(images, 0.0, 1.0, torch.float32, 0)
    return x.flatten(1) if flatten else x


def _prepare(images: torch.Tensor, mean, std, dtype: torch.dtype, padding: int) -> torch.Tensor:
    """(images / 255 - mean) / std per channel, reflect-padded by ``padding`` pixels.

    Computed once in float32 (so half-precision storage rounds only once), then stored
    as ``dtype``.
    """
    mean = torch.as_tensor(mean, dtype=torch.float32, device=images.device).reshape(-1, 1, 1)
    std = torch.as_tensor(std, dtype=torch.float32, device=images.device).reshape(-1, 1, 1)
    if mean.numel() not in (1, images.shape[1]) or std.numel() not in (1, images.shape[1]):
        raise ValueError(f"mean and std need 1 or {images.shape[1]} values (one per channel).")
    normalised = images.float().div_(255).sub_(mean).div_(std)
    if padding:
        normalised = torch.nn.functional.pad(normalised, (padding,) * 4, mode="reflect")
    return normalised.to(dtype)


def _check_arguments(images, labels, batch_size, dtype, flatten, channels_last, translate, seed, rank, world_size):
    if images.dtype != torch.uint8 or images.ndim != 4:
        raise ValueError(f"images must be uint8 (N, C, H, W), got {images.dtype} {tuple(images.shape)}.")
    if labels.shape != (len(images),):
        raise ValueError(f"labels must have shape ({len(images)},) to match the images, got {tuple(labels.shape)}.")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}.")
    if not dtype.is_floating_point:
        raise ValueError(f"dtype must be a floating dtype (float32, float16, bfloat16), got {dtype}.")
    if flatten and channels_last:
        raise ValueError("flatten=True yields (B, C*H*W) vectors, which have no channels_last layout: pick one.")
    if not 0 <= translate < min(images.shape[2:]):
        raise ValueError(f"translate must be between 0 and {min(images.shape[2:]) - 1} pixels, got {translate}.")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}.")
    if not 0 <= rank < world_size:
        raise ValueError(f"rank must satisfy 0 <= rank < world_size, got rank={rank}, world_size={world_size}.")
