"""Shared fixtures: the real CIFAR-10 copy beside the checkout, decoded once per session."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sgdcourse.data import CIFAR10Arrays, load_cifar10

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the real per-user cache (~/.cache/sgdcourse)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(scope="session")
def cifar10_root() -> Path:
    """``../shared/data`` (relative to the repo root), which holds cifar-10-batches-py/."""
    if not (SHARED_DATA / "cifar-10-batches-py").is_dir():
        pytest.skip(f"real CIFAR-10 not found at {SHARED_DATA}/cifar-10-batches-py (CI always has it)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def cifar10_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this session caches the decoded real arrays (not in the shared folder)."""
    return tmp_path_factory.mktemp("cifar10-cache")


@pytest.fixture(scope="session")
def cifar10(cifar10_root: Path, cifar10_cache_dir: Path) -> CIFAR10Arrays:
    """The real CIFAR-10, parsed and verified by content once per session."""
    return load_cifar10(cifar10_root, download=False, cache_dir=cifar10_cache_dir)


@pytest.fixture(scope="session")
def book_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book, built once per session like `make book` (warnings as errors), into a temporary folder."""
    output = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    # As `make book` does: the chapters' load_cifar10() reads $SGDCOURSE_DATA.
    environment = {**os.environ, "SGDCOURSE_DATA": str(SHARED_DATA)} if SHARED_DATA.is_dir() else None
    result = subprocess.run(
        [str(jupyter_book), "build", "-W", "--keep-going", "--path-output", str(output), str(ROOT)],
        capture_output=True, text=True, env=environment,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return output / "_build" / "html"
