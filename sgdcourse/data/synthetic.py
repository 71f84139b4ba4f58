"""SYNTHETIC CIFAR-10-format archives for unit tests (random pixels, not CIFAR-10).

``write_synthetic_cifar10_archive`` writes a tiny ``cifar-10-python.tar.gz`` with the
official layout (``cifar-10-batches-py/data_batch_1..5``, ``test_batch``,
``batches.meta``; protocol-2 pickles of dicts with ``data`` uint8 n x 3072 in R, G, B
planes and ``labels``), so the download, verification and parsing code paths can be
tested offline. It returns a ``CIFAR10Source`` pointing at the file, with the checksums
that archive and its decoded content have.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import tarfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .cifar10 import ARCHIVE, FOLDER, META_FILE, TEST_FILE, TRAIN_FILES, CIFAR10Arrays, CIFAR10Source, content_sha256

SYNTHETIC_CLASSES = [f"synthetic_class_{i}" for i in range(10)]


@dataclass(frozen=True)
class SyntheticCIFAR10:
    """A synthetic archive on disk, where to fetch it from, and what it decodes to."""

    archive: Path
    source: CIFAR10Source
    arrays: CIFAR10Arrays


def synthetic_batch_files(images_per_batch: int = 8, *, seed: int = 0) -> tuple[dict[str, bytes], CIFAR10Arrays]:
    """The seven pickled files of a synthetic CIFAR-10 folder, and the arrays they hold."""
    rng = np.random.default_rng(seed)

    def batch(label: str) -> tuple[bytes, np.ndarray, np.ndarray]:
        data = rng.integers(0, 256, size=(images_per_batch, 3072), dtype=np.uint8)
        labels = rng.integers(0, 10, size=images_per_batch)
        content = {"batch_label": label, "labels": labels.tolist(), "data": data,
                   "filenames": [f"synthetic_{i}.png" for i in range(images_per_batch)]}
        return pickle.dumps(content, protocol=2), data.reshape(-1, 3, 32, 32), labels

    files, train_images, train_labels = {}, [], []
    for i, name in enumerate(TRAIN_FILES, start=1):
        files[name], images, labels = batch(f"synthetic training batch {i} of 5")
        train_images.append(images)
        train_labels.append(labels)
    files[TEST_FILE], test_images, test_labels = batch("synthetic testing batch 1 of 1")
    meta = {"num_cases_per_batch": images_per_batch, "label_names": SYNTHETIC_CLASSES, "num_vis": 3072}
    files[META_FILE] = pickle.dumps(meta, protocol=2)
    arrays = CIFAR10Arrays(
        train_images=torch.from_numpy(np.concatenate(train_images)),
        train_labels=torch.from_numpy(np.concatenate(train_labels)).long(),
        test_images=torch.from_numpy(test_images),
        test_labels=torch.from_numpy(test_labels).long(),
        classes=list(SYNTHETIC_CLASSES),
    )
    return files, arrays


def write_synthetic_cifar10_archive(
    directory: str | Path, images_per_batch: int = 8, *, seed: int = 0
) -> SyntheticCIFAR10:
    """Write ``directory/cifar-10-python.tar.gz`` holding SYNTHETIC random images."""
    files, arrays = synthetic_batch_files(images_per_batch, seed=seed)
    archive = Path(directory) / ARCHIVE
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tar:
        tar.addfile(_directory_entry(FOLDER))
        for name, payload in files.items():
            entry = tarfile.TarInfo(f"{FOLDER}/{name}")
            entry.size = len(payload)
            tar.addfile(entry, io.BytesIO(payload))
    source = CIFAR10Source(
        url=archive.resolve().as_uri(),
        archive_md5=hashlib.md5(archive.read_bytes()).hexdigest(),
        content_sha256=content_sha256(arrays),
    )
    return SyntheticCIFAR10(archive=archive, source=source, arrays=arrays)


def _directory_entry(name: str) -> tarfile.TarInfo:
    entry = tarfile.TarInfo(name)
    entry.type = tarfile.DIRTYPE
    entry.mode = 0o755
    return entry
