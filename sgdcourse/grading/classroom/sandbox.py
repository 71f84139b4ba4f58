"""The sandbox a student's kernel runs in, and the kernel spec that puts it there.

nbgrader's autograde process stays privileged: it must read the gradebook to restore the
hidden tests and write the grades. Only the kernel it starts — the process that runs the
student's code — is confined, because the kernel spec's argv wraps ipykernel in

    bwrap (namespaces: no network, own PIDs, read-only filesystem)
      └─ python -m sgdcourse.grading.classroom.launch_kernel   (limits, then uid nobody)
           └─ python -m ipykernel_launcher -f CONNECTION_FILE

Inside, the whole filesystem is read-only; the course root, the grading work folder and
the instructor's home are replaced by empty folders, with only the Python installation,
the `sgdcourse` package and the student's own folder put back. The kernel talks to
nbgrader over Unix sockets in its runtime folder (transport "ipc"): TCP would need the
network namespace it does not have.
"""

from __future__ import annotations

import json
import pwd
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import sgdcourse

KERNEL_NAME = "sgdcourse-sandbox"
SANDBOX_USER = "nobody"
# Where the kernel's HOME and temporary files go: a private, size-limited tmpfs.
SANDBOX_TMP = "/tmp"


class SandboxError(RuntimeError):
    """The machine cannot run the sandbox; the message says what is missing."""


@dataclass(frozen=True)
class KernelLimits:
    """What one student's kernel may use."""

    memory_bytes: int
    file_bytes: int
    tmp_bytes: int


@dataclass(frozen=True)
class Sandbox:
    """One student's kernel sandbox.

    hidden:    folders replaced by empty ones (course root, grading work folder, home)
    writable:  the only folders the kernel may write (its working folder, its runtime folder)
    """

    hidden: tuple[Path, ...]
    writable: tuple[Path, ...]
    limits: KernelLimits

    def command(self) -> list[str]:
        """argv (before the ipykernel part) that starts a process inside the sandbox."""
        args = [
            require_bwrap(),
            "--ro-bind", "/", "/",
            "--dev", "/dev",
            "--proc", "/proc",
            "--size", str(self.limits.tmp_bytes), "--perms", "1777", "--tmpfs", SANDBOX_TMP,
            "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent",
            "--clearenv",
            "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "HOME", SANDBOX_TMP,
            "--setenv", "TMPDIR", SANDBOX_TMP,
            "--setenv", "MPLBACKEND", "agg",
        ]
        for folder in self.hidden:
            args += ["--tmpfs", str(folder)]
        emptied = (Path(SANDBOX_TMP), *self.hidden)
        for folder in _readable_code():
            args += _bind_back("--ro-bind", folder, emptied)
        for folder in self.writable:
            args += _bind_back("--bind", folder, emptied)
        return args

    def kernel_spec(self) -> dict:
        """A Jupyter kernel spec running ipykernel as `nobody` inside the sandbox."""
        uid, gid = sandbox_user_ids()
        argv = [
            *self.command(), "--",
            sys.executable, "-m", "sgdcourse.grading.classroom.launch_kernel",
            "--uid", str(uid), "--gid", str(gid),
            "--memory-bytes", str(self.limits.memory_bytes),
            "--file-bytes", str(self.limits.file_bytes),
            "--connection-file", "{connection_file}",
            "--", sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
        ]
        # "message": interrupts travel as a control message, since a signal to the
        # sandbox's outer process would not reach the kernel inside it.
        return {"argv": argv, "display_name": "Python 3 (grading sandbox)", "language": "python",
                "interrupt_mode": "message"}

    def install_kernel_spec(self, jupyter_path: Path) -> None:
        """Write the spec where Jupyter looks when JUPYTER_PATH=`jupyter_path`."""
        folder = jupyter_path / "kernels" / KERNEL_NAME
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "kernel.json").write_text(json.dumps(self.kernel_spec(), indent=1))


def sandbox_user_ids() -> tuple[int, int]:
    """(uid, gid) the student's code runs as."""
    user = pwd.getpwnam(SANDBOX_USER)
    return user.pw_uid, user.pw_gid


def require_bwrap() -> str:
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxError("bubblewrap is not installed: `apt-get install bubblewrap` (Debian/Ubuntu)")
    return path


def _readable_code() -> list[Path]:
    """What the kernel must read: the Python installation, the environment, this package."""
    package_root = Path(sgdcourse.__file__).resolve().parent
    return sorted({Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), package_root})


def _bind_back(option: str, folder: Path, emptied: tuple[Path, ...]) -> list[str]:
    """bwrap arguments that show `folder` at its own path, even inside an emptied folder.

    bwrap would create the missing parents 0700 (root only), which `nobody` could not
    cross: create them 0755 first, from the outermost emptied folder down.
    """
    folder = folder.resolve()
    covering = sorted((top for top in emptied if folder != top and folder.is_relative_to(top)),
                      key=lambda top: len(top.parts))
    if not covering and option == "--ro-bind":
        return []  # already visible, read-only like the rest of /
    args: list[str] = []
    if covering:
        top = covering[0]
        for parent in reversed(folder.relative_to(top).parents[:-1]):
            args += ["--perms", "0755", "--dir", str(top / parent)]
    return args + [option, str(folder), str(folder)]
