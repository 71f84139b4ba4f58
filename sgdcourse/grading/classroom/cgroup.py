"""Limits for all of one student's processes together: a control group of its own.

`setrlimit` limits each process (a forked child gets the full amount again); a cgroup
limits the student: memory of every process together, and the number of processes and
threads. cgroup v2 where the machine delegates it, else the v1 `memory` and `pids`
hierarchies. Where neither can be written, `StudentCgroup.create` returns None and the
grader falls back to per-process limits (see README: which limits hold where).
"""

from __future__ import annotations

import os
import shlex
import signal
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


class StudentCgroup:
    def __init__(self, folders: dict[str, Path]):
        self.folders = folders  # controller ("memory", "pids" or "unified") → its cgroup folder

    @classmethod
    def create(cls, name: str, memory_bytes: int, processes: int) -> StudentCgroup | None:
        """A new cgroup `name` under this process's own, with the limits set; None if not possible."""
        try:
            own = _own_cgroups()
            unified = CGROUP_ROOT / own.get("", "/").lstrip("/")
            controllers = (unified / "cgroup.controllers")
            if controllers.is_file() and {"memory", "pids"} <= set(controllers.read_text().split()):
                folder = unified / name
                folder.mkdir(exist_ok=True)
                (folder / "memory.max").write_text(str(memory_bytes))
                if (folder / "memory.swap.max").exists():
                    (folder / "memory.swap.max").write_text("0")
                (folder / "pids.max").write_text(str(processes))
                return cls({"unified": folder})
            folders = {}
            for controller in ("memory", "pids"):
                base = CGROUP_ROOT / controller / own[controller].lstrip("/")
                folders[controller] = base / name
                folders[controller].mkdir(exist_ok=True)
            (folders["memory"] / "memory.limit_in_bytes").write_text(str(memory_bytes))
            (folders["pids"] / "pids.max").write_text(str(processes))
            return cls(folders)
        except (OSError, KeyError):
            return None

    def wrap(self, command: list[str]) -> list[str]:
        """`command`, started inside the cgroup: it joins before it execs, so every process
        it starts (bwrap clones the sandbox at once) is counted too."""
        procs = " ".join(shlex.quote(str(folder / "cgroup.procs")) for folder in self.folders.values())
        join = f'for procs in {procs}; do echo $$ > "$procs" || exit 97; done; exec "$@"'
        return ["/bin/sh", "-c", join, "sh", *command]

    def out_of_memory(self) -> bool:
        """Whether the kernel killed one of the student's processes for memory."""
        try:
            if "unified" in self.folders:
                events = (self.folders["unified"] / "memory.events").read_text()
            else:
                events = (self.folders["memory"] / "memory.oom_control").read_text()
            counts = dict(line.split() for line in events.splitlines() if len(line.split()) == 2)
            return int(counts.get("oom_kill", 0)) > 0
        except (OSError, ValueError):
            return False

    def close(self) -> None:
        """Kill whatever is left in the cgroup, then remove it."""
        for _ in range(50):
            pids = set()
            for folder in self.folders.values():
                try:
                    pids |= {int(pid) for pid in (folder / "cgroup.procs").read_text().split()}
                except OSError:
                    pass
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            os.sched_yield()
        for folder in self.folders.values():
            try:
                folder.rmdir()
            except OSError:
                pass

    def describe(self) -> str:
        return "cgroup v2" if "unified" in self.folders else "cgroup v1 (memory, pids)"


def _own_cgroups() -> dict[str, str]:
    """controller → this process's cgroup path ("" for the v2 hierarchy)."""
    own = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            own[controller] = path
    return own
