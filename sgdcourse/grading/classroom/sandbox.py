"""The sandbox the student's process (grading/runner.py) runs in, built from an allow-list.

    bwrap (namespaces: no network, own PIDs; a fresh root holding only what is listed below)
      └─ python -m sgdcourse.grading.runner --uid nobody …   (limits, then drops root)

What the student's code can see, all read-only: the system's programs and libraries
(/usr, /etc, /lib*), the Python installation and environment, and the *student view*
of this package (`STUDENT_MODULES`: the checks, the runner and the wire format — no
reference implementation) mounted where the package lives. Its own folder is a fresh
size-limited tmpfs holding a copy of the submission's regular files; /tmp is another.
Not there: the course, solutions/, the gradebook, the source checkout, other students,
the instructor's home. Nothing in it is written back: the grader reads the student's
answers as data from a pipe, so no path the student controls is ever opened by root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import sgdcourse

SANDBOX_USER = "nobody"
WORK_DIR = "/home/student"       # the student's working folder inside the sandbox
FILES_DIR = "/submission"        # the submission's files, read-only, copied into WORK_DIR
SYSTEM_PATHS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# The part of the package a student's notebook may import while it is graded (relative to
# the package folder, globs allowed). Packages in between get an empty __init__.py.
STUDENT_MODULES = (
    "__init__.py", "trials.py", "exercise/*.py", "data/toy.py",
    "grading/__init__.py", "grading/checks.py", "grading/wire.py", "grading/runner.py",
)


class SandboxError(RuntimeError):
    """The machine cannot run the sandbox; the message says what is missing."""


@dataclass(frozen=True)
class Sandbox:
    """How to start one student's process confined.

    student_view: a folder made by `write_student_view`, mounted over the package
    disk_bytes:   size of each private tmpfs (working folder, /tmp): what the student may write
    """

    student_view: Path
    disk_bytes: int = 1 << 30
    memory_bytes: int = 8 << 30    # per process (the cgroup limits all of them together)
    processes: int | None = None   # per-user limit, only where no cgroup limits processes

    def command(self, files: Path) -> list[str]:
        """argv that runs the student's process with `files` (regular files) in its working folder."""
        args = [
            require_bwrap(),
            "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session",
            "--clearenv",
            "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "HOME", WORK_DIR,
            "--setenv", "TMPDIR", "/tmp",
            "--setenv", "MPLBACKEND", "agg",
            "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
            "--proc", "/proc", "--dev", "/dev",
        ]
        for path in SYSTEM_PATHS:
            if os.path.islink(path):
                args += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                args += ["--ro-bind", path, path]
        made: dict[Path, str | None] = {Path(path): "mount" for path in SYSTEM_PATHS}
        for folder in _python_folders():
            args += _parents(folder, made) + ["--ro-bind", str(folder), str(folder)]
            made[folder] = "mount"
        package = Path(sgdcourse.__file__).resolve().parent
        args += _parents(package, made) + ["--ro-bind", str(self.student_view), str(package)]
        for tmpfs in ("/tmp", WORK_DIR):
            args += _parents(Path(tmpfs), made) + ["--size", str(self.disk_bytes), "--perms", "1777", "--tmpfs", tmpfs]
            made[Path(tmpfs)] = "mount"
        args += ["--ro-bind", str(files), FILES_DIR, "--chdir", WORK_DIR]
        uid, gid = sandbox_user_ids()
        args += ["--", sys.executable, "-m", "sgdcourse.grading.runner", "--uid", str(uid), "--gid", str(gid),
                 "--file-bytes", str(self.disk_bytes), "--memory-bytes", str(self.memory_bytes), "--files", FILES_DIR]
        if self.processes:
            args += ["--processes", str(self.processes)]
        return args


def write_student_view(destination: Path) -> Path:
    """Copy `STUDENT_MODULES` of the installed package into `destination` (world-readable)."""
    package = Path(sgdcourse.__file__).resolve().parent
    for pattern in STUDENT_MODULES:
        for module in package.glob(pattern):
            target = destination / module.relative_to(package)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(module, target)
    for folder in [destination, *(p for p in destination.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    for path in [destination, *destination.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return destination


def sandbox_user_ids() -> tuple[int, int]:
    """(uid, gid) the student's code runs as."""
    user = pwd.getpwnam(SANDBOX_USER)
    return user.pw_uid, user.pw_gid


def require_bwrap() -> str:
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxError("bubblewrap is not installed: `apt-get install bubblewrap` (Debian/Ubuntu)")
    return path


def _python_folders() -> list[Path]:
    """The interpreter's installation and the environment's packages, outermost only."""
    import site
    import sysconfig

    candidates = {Path(sys.base_prefix), Path(sys.prefix), *map(Path, site.getsitepackages()),
                  Path(sysconfig.get_paths()["stdlib"]), Path(sysconfig.get_paths()["platstdlib"])}
    folders = sorted({path.resolve() for path in candidates if path.is_dir()}, key=lambda p: len(p.parts))
    outermost: list[Path] = []
    for folder in folders:
        if not any(folder.is_relative_to(top) for top in outermost) and \
                not any(folder.is_relative_to(system) for system in SYSTEM_PATHS):
            outermost.append(folder)
    return outermost


def _parents(folder: Path, made: dict[Path, str | None]) -> list[str]:
    """bwrap arguments creating `folder`'s missing parents world-traversable (bwrap would make them 0700).

    `made`: folders that exist in the sandbox already: created (None) or mounted ("mount": nothing
    is made inside those).
    """
    args: list[str] = []
    for parent in reversed(folder.parents[:-1]):
        if parent in made or any(kind == "mount" and parent.is_relative_to(path) for path, kind in made.items()):
            continue
        made[parent] = None
        args += ["--perms", "0755", "--dir", str(parent)]
    return args
