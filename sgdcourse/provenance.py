"""Where and when a number was produced: device, versions, date, git revision.

Every figure and number in the book comes from a run; this records the run.
"""

from __future__ import annotations

import datetime
import platform
import subprocess
from pathlib import Path

import torch

from . import __version__


def device_name(device: torch.device | str | None = None) -> str:
    """A human-readable name: the GPU's model, or the CPU's model and core count."""
    device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"{_cpu_model()} ({torch.get_num_threads()} threads)"


def git_revision(repo: Path | None = None) -> str:
    """The checkout's commit (with '+dirty' for uncommitted changes), or 'unknown' outside git."""
    repo = repo or Path(__file__).resolve().parent.parent
    try:
        revision = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                                  capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return revision + ("+dirty" if dirty else "")


def record(device: torch.device | str | None = None) -> dict[str, str]:
    """The provenance of a run happening now."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "device": device_name(device),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "sgdcourse": __version__,
        "git": git_revision(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
