"""CIFAR-10: find, download, verify, parse and cache the official "python version".

``load_cifar10()`` returns uint8 images (N, 3, 32, 32), int64 labels and the class
names. What it loads is checked by *content*: the SHA-256 of the decoded arrays, which
holds for the official files and for byte-different repackagings with identical pixels
(the per-file MD5s torchvision checks do not).

Where the data is looked for, in order of precedence:

1. the ``root`` argument,
2. the environment variable ``$SGDCOURSE_DATA``,
3. the per-user cache, ``$XDG_CACHE_HOME/sgdcourse`` (default ``~/.cache/sgdcourse``).

The chosen root holds ``cifar-10-batches-py/`` (the extracted folder) or the official
archive ``cifar-10-python.tar.gz``; failing both, the archive is downloaded there.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tarfile
import tempfile
import urllib.request
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import torch
from tqdm.auto import tqdm

FOLDER = "cifar-10-batches-py"
ARCHIVE = "cifar-10-python.tar.gz"
TRAIN_FILES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_FILE = "test_batch"
META_FILE = "batches.meta"
CACHE_FILE = "cifar-10-decoded.npz"
# Bump when the cache's layout changes, so old caches are ignored rather than misread.
_CACHE_FORMAT = 1
_NUM_CLASSES = 10


@dataclass(frozen=True)
class CIFAR10Source:
    """Where the archive comes from and what its verified content must hash to.

    ``content_sha256`` maps ``train_images``, ``test_images`` (uint8, N x 32 x 32 x 3,
    HWC, C-order), ``train_labels`` and ``test_labels`` (uint8) to SHA-256 hex digests.
    """

    url: str
    archive_md5: str
    content_sha256: Mapping[str, str]


OFFICIAL_SOURCE = CIFAR10Source(
    url="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
    archive_md5="c58f30108f718f92721af3b95e74349a",
    content_sha256={
        "train_images": "47af8b02cfcfb6cdf3dbbd1969ad7f1b70f4413f6f80f437b020ee4e5bc8304a",
        "test_images": "f9b1e2130bab680db56eb06d886f7f1ad0f1183907ceff4659d1735c890f5b04",
        "train_labels": "2b7cd2f24487317614016b72ffd53071c3062f592f0eb300c18a770d41ae1253",
        "test_labels": "cec8a24a1e92aa2ecaa0bbd3dbfa86bf6cd8759fbd209a832824c8cf0afca9d5",
    },
)


@dataclass(frozen=True)
class CIFAR10Arrays:
    """CIFAR-10 as tensors: images uint8 (N, 3, 32, 32) in RGB, labels int64 (N,)."""

    train_images: torch.Tensor
    train_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor
    classes: list[str]


class CIFAR10NotFoundError(FileNotFoundError):
    """The data is not where it was looked for and could not be downloaded."""


class CIFAR10IntegrityError(RuntimeError):
    """The archive or the files are corrupt, truncated, unsafe or not CIFAR-10."""


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/sgdcourse``, default ``~/.cache/sgdcourse``."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home).expanduser() / "sgdcourse"


def default_root() -> tuple[Path, str]:
    """The root used when none is passed, and where that choice came from."""
    if os.environ.get("SGDCOURSE_DATA"):
        return Path(os.environ["SGDCOURSE_DATA"]).expanduser(), "$SGDCOURSE_DATA"
    return user_cache_dir(), "the per-user cache"


def load_cifar10(
    root: str | os.PathLike | None = None,
    *,
    download: bool = True,
    verify: bool = True,
    source: CIFAR10Source = OFFICIAL_SOURCE,
    cache_dir: str | os.PathLike | None = None,
) -> CIFAR10Arrays:
    """Load CIFAR-10 train and test splits, downloading and extracting them if needed.

    Args:
        root: folder holding ``cifar-10-batches-py/`` (else ``$SGDCOURSE_DATA``, else
            the per-user cache).
        download: fetch ``source.url`` when neither the folder nor the archive is there.
        verify: compare the SHA-256 of the decoded arrays with ``source.content_sha256``.
        source: archive URL and checksums; the default is the official CIFAR-10.
        cache_dir: where the decoded arrays are cached (default: the per-user cache, since a
            data root may be shared or read-only). The cache is
            written only after verification passed and is keyed by the source files'
            names, sizes and modification times, so a replaced file invalidates it.
    """
    if root is None:
        root, origin = default_root()
    else:
        origin = "the root argument"
    root = Path(root).expanduser().resolve()
    folder = root / FOLDER
    if not folder.is_dir():
        _provide_folder(root, origin, download, source)

    cache = Path(cache_dir or user_cache_dir()).expanduser() / CACHE_FILE
    key = _cache_key(folder, source)
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    arrays = _parse_folder(folder)
    if verify:
        _verify_content(arrays, folder, source)
        _write_cache(cache, key, arrays)
    return arrays


# --- getting the files --------------------------------------------------------------


def _provide_folder(root: Path, origin: str, download: bool, source: CIFAR10Source) -> None:
    """Make ``root/cifar-10-batches-py`` exist: from a local archive, else a download."""
    archive = root / ARCHIVE
    if archive.is_file():
        actual = _md5_of_file(archive)
        if actual != source.archive_md5:
            raise CIFAR10IntegrityError(
                f"{archive} has MD5 {actual}, expected {source.archive_md5}: it is "
                "truncated or not the official CIFAR-10 archive. Delete it and load again."
            )
        extract_archive(archive, root)
        return
    if not download:
        raise CIFAR10NotFoundError(_not_found_message(root, origin, "downloading is off (download=False)"))
    try:
        download_archive(source.url, root, source.archive_md5)
    except OSError as error:  # includes urllib's URLError: offline, DNS, HTTP errors
        raise CIFAR10NotFoundError(
            _not_found_message(root, origin, f"downloading {source.url} failed: {error}")
        ) from error


def _not_found_message(root: Path, origin: str, reason: str) -> str:
    return (
        f"CIFAR-10 not found. Looked for (root from {origin}):\n"
        f"  {root / FOLDER}/  (extracted folder)\n"
        f"  {root / ARCHIVE}  (official archive)\n"
        f"and {reason}.\n"
        "To provide the data, do one of:\n"
        f"  - place the extracted {FOLDER}/ folder or {ARCHIVE} in {root}/\n"
        f"  - set SGDCOURSE_DATA to a folder that contains {FOLDER}/\n"
        "  - pass root=<folder that contains it> to load_cifar10\n"
        "  - allow download=True on a machine with internet access."
    )


def download_archive(url: str, root: Path, md5: str) -> None:
    """Download the archive at ``url``, check its MD5, and extract it into ``root``.

    The bytes go to a hidden temporary file beside the target and are deleted on any
    failure, so an interrupted or corrupt download never leaves anything that looks
    complete; only a verified, fully extracted folder is made visible.
    """
    root.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=root, prefix=f".{ARCHIVE}.", suffix=".part")
    try:
        digest = hashlib.md5()
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=f"Downloading {ARCHIVE}") as bar:
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    digest.update(chunk)
                    bar.update(len(chunk))
        if digest.hexdigest() != md5:
            raise CIFAR10IntegrityError(
                f"The download from {url} has MD5 {digest.hexdigest()}, expected {md5}: "
                "it is truncated or not the official archive. Nothing was kept; try again."
            )
        extract_archive(Path(partial), root)
    finally:
        Path(partial).unlink(missing_ok=True)


def extract_archive(archive: Path, root: Path) -> None:
    """Safely extract ``archive`` and atomically make ``root/cifar-10-batches-py`` appear.

    Every member is checked before anything is written: links, devices, absolute paths
    and ``..`` components (path traversal) make the whole archive rejected. Files are
    written by hand into a hidden staging folder that is renamed into place at the end.
    """
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".cifar-10-extract-"))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                _check_member(member, archive)
            for member in members:
                target = staging.joinpath(*PurePosixPath(member.name).parts)
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as data, target.open("wb") as out:
                    shutil.copyfileobj(data, out)
        extracted = staging / FOLDER
        missing = [n for n in (*TRAIN_FILES, TEST_FILE, META_FILE) if not (extracted / n).is_file()]
        if missing:
            raise CIFAR10IntegrityError(f"{archive} lacks {FOLDER}/{', '.join(missing)}: not a CIFAR-10 archive.")
        os.replace(extracted, root / FOLDER)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise CIFAR10IntegrityError(f"{archive} is not a readable .tar.gz ({error}). Delete it and load again.") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_member(member: tarfile.TarInfo, archive: Path) -> None:
    path = PurePosixPath(member.name)
    if not (member.isfile() or member.isdir()):
        problem = "is a link or special file"
    elif path.is_absolute() or ".." in path.parts:
        problem = "points outside the extraction folder"
    else:
        return
    raise CIFAR10IntegrityError(f"Refusing to extract {archive}: member {member.name!r} {problem} (path traversal).")


def _md5_of_file(path: Path) -> str:
    digest = hashlib.md5()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --- parsing and verifying ----------------------------------------------------------


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Unpickles plain data and numpy arrays only: pickle can run arbitrary code, and
    these files come from the internet or a shared disk."""

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),  # written by Python 2 / numpy 1
        ("numpy._core.multiarray", "_reconstruct"),  # written by numpy 2
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("_codecs", "encode"),  # how protocol 2 stores bytes from Python 3
    }

    def find_class(self, module: str, name: str):
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"unexpected object {module}.{name}")
        return super().find_class(module, name)


def _unpickle(path: Path) -> dict:
    try:
        with path.open("rb") as file:
            # latin1 decodes Python 2 strings, including the pixel bytes numpy stored in them.
            content = _ArrayOnlyUnpickler(file, encoding="latin1").load()
    except FileNotFoundError as error:
        raise CIFAR10IntegrityError(
            f"{path} is missing: {path.parent} is incomplete. Delete it and load again to re-download."
        ) from error
    except Exception as error:  # a damaged pickle can fail in many ways; all mean the same
        raise CIFAR10IntegrityError(
            f"{path} is truncated or corrupt ({type(error).__name__}: {error}). "
            f"Delete {path.parent} and load again to re-download."
        ) from error
    if not isinstance(content, dict):
        raise CIFAR10IntegrityError(f"{path} holds a {type(content).__name__}, not a CIFAR-10 dict.")
    return content


def _read_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """One batch file as uint8 images (n, 3, 32, 32) and int64 labels (n,)."""
    batch = _unpickle(path)
    data, labels = batch.get("data"), batch.get("labels")
    if not (isinstance(data, np.ndarray) and data.dtype == np.uint8 and data.ndim == 2 and data.shape[1] == 3072):
        raise CIFAR10IntegrityError(f"{path}: 'data' is not a uint8 array of shape (n, 3072). Delete {path.parent} and re-download.")
    labels = np.asarray(labels, dtype=np.int64)
    if labels.shape != (len(data),) or labels.min(initial=0) < 0 or labels.max(initial=0) >= _NUM_CLASSES:
        raise CIFAR10IntegrityError(f"{path}: 'labels' are not {len(data)} integers in 0..9. Delete {path.parent} and re-download.")
    # Rows are 1024 red, then 1024 green, then 1024 blue values: exactly CHW.
    return data.reshape(-1, 3, 32, 32), labels


def _parse_folder(folder: Path) -> CIFAR10Arrays:
    train = [_read_batch(folder / name) for name in TRAIN_FILES]
    test_images, test_labels = _read_batch(folder / TEST_FILE)
    classes = _unpickle(folder / META_FILE).get("label_names")
    if not (isinstance(classes, list) and len(classes) == _NUM_CLASSES):
        raise CIFAR10IntegrityError(f"{folder / META_FILE} has no list of 10 'label_names'. Delete {folder} and re-download.")
    return CIFAR10Arrays(
        train_images=torch.from_numpy(np.concatenate([images for images, _ in train])),
        train_labels=torch.from_numpy(np.concatenate([labels for _, labels in train])),
        test_images=torch.from_numpy(test_images),
        test_labels=torch.from_numpy(test_labels),
        classes=[str(name) for name in classes],
    )


def content_sha256(arrays: CIFAR10Arrays) -> dict[str, str]:
    """SHA-256 of each decoded array in the published convention (HWC uint8 images)."""

    def digest(array: torch.Tensor) -> str:
        # Hash the tensor's memory directly: a bytes copy would double the time.
        return hashlib.sha256(array.contiguous().numpy()).hexdigest()

    return {
        "train_images": digest(arrays.train_images.permute(0, 2, 3, 1)),
        "test_images": digest(arrays.test_images.permute(0, 2, 3, 1)),
        "train_labels": digest(arrays.train_labels.to(torch.uint8)),
        "test_labels": digest(arrays.test_labels.to(torch.uint8)),
    }


def _verify_content(arrays: CIFAR10Arrays, folder: Path, source: CIFAR10Source) -> None:
    for name, actual in content_sha256(arrays).items():
        expected = source.content_sha256[name]
        if actual != expected:
            files = ", ".join(TRAIN_FILES) if name.startswith("train") else TEST_FILE
            raise CIFAR10IntegrityError(
                f"The {name.replace('_', ' ')} decoded from {folder}/ ({files}) "
                f"do not match CIFAR-10: SHA-256 expected {expected}, got {actual}. The files are "
                f"corrupt or not the original data. Delete {folder} and load again to re-download "
                "(or pass verify=False to use them anyway)."
            )


# --- the decoded-array cache ----------------------------------------------------------


def _cache_key(folder: Path, source: CIFAR10Source) -> str:
    """Identifies the source files cheaply (no reading) and the content they verified as."""
    stats = {}
    for name in (*TRAIN_FILES, TEST_FILE, META_FILE):
        try:
            stat = (folder / name).stat()
        except FileNotFoundError:
            return ""  # parsing will report the missing file
        stats[name] = [stat.st_size, stat.st_mtime_ns]
    return json.dumps({"format": _CACHE_FORMAT, "folder": str(folder), "files": stats,
                       "sha256": dict(source.content_sha256)}, sort_keys=True)


def _read_cache(cache: Path, key: str) -> CIFAR10Arrays | None:
    """The cached arrays if ``cache`` exists and was written for ``key``, else None."""
    if not key or not cache.is_file():
        return None
    try:
        # Reading a zip member to its end checks its CRC-32, so a damaged cache is caught.
        with np.load(cache, allow_pickle=False) as stored:
            if str(stored["key"]) != key:
                return None
            return CIFAR10Arrays(
                train_images=torch.from_numpy(stored["train_images"]),
                train_labels=torch.from_numpy(stored["train_labels"]),
                test_images=torch.from_numpy(stored["test_images"]),
                test_labels=torch.from_numpy(stored["test_labels"]),
                classes=stored["classes"].tolist(),
            )
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        warnings.warn(f"Ignoring the unreadable cache {cache} ({error}); it will be rewritten.", stacklevel=3)
        return None


def _write_cache(cache: Path, key: str, arrays: CIFAR10Arrays) -> None:
    """Write the cache atomically (temp file + rename); a failure only costs speed."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=cache.parent, prefix=f".{cache.name}.", suffix=".part")
    except OSError as error:
        warnings.warn(f"Cannot write the CIFAR-10 cache {cache} ({error}); pass a writable cache_dir.", stacklevel=3)
        return
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(
                file,
                key=np.array(key),
                train_images=arrays.train_images.numpy(),
                train_labels=arrays.train_labels.numpy(),
                test_images=arrays.test_images.numpy(),
                test_labels=arrays.test_labels.numpy(),
                classes=np.array(arrays.classes),
            )
        os.replace(partial, cache)
    except OSError as error:
        warnings.warn(f"Cannot write the CIFAR-10 cache {cache} ({error}); pass a writable cache_dir.", stacklevel=3)
    finally:
        Path(partial).unlink(missing_ok=True)
