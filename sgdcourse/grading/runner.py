"""The student's process: runs the student's cells, and calls the student's functions for the grader.

    python -m sgdcourse.grading.runner [--uid U --gid G --file-bytes F --processes P] [--files DIR]

Started by the grader (trusted.py), inside the sandbox when grading a class. It speaks
wire.py's messages on its standard input and output, which it moves aside first so
that the student's output never mixes with them:

    execute {source}      run a cell with IPython → the cell's outputs, as nbformat dicts
    lookup  {names}       the student's values of those names (functions as handles)
    call    {target, …}   call one of those functions with the grader's test inputs

Nothing this process does decides a score: the grader compares what it returns. A
student who rewrites this module's behaviour at run time only changes the values that
its own functions appear to return.
"""

from __future__ import annotations

import argparse
import ctypes
import inspect
import io
import os
import resource
import shutil
import sys
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from pathlib import Path
from types import FunctionType

PR_SET_NO_NEW_PRIVS = 38
# Kept per stream and cell; the grader caps it again, since this process is the student's.
MAX_STREAM_CHARS = 100_000


def limit_memory(memory_bytes: int) -> None:
    """One process's address space: a huge allocation fails as an error instead of a kill."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def confine(uid: int, gid: int, file_bytes: int, processes: int | None) -> None:
    """Limit file size (and processes, without a cgroup), drop root and every capability for good."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    # Set-uid programs (su, mount, ...) must not hand root back to the student's code.
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)  # leaving uid 0 clears every capability


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr during a cell: text becomes stream outputs."""

    def __init__(self, name: str, outputs: list[dict]):
        self.name, self.outputs = name, outputs

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == self.name:
            if len(last["text"]) < MAX_STREAM_CHARS:
                last["text"] = (last["text"] + text)[:MAX_STREAM_CHARS]
        else:
            self.outputs.append({"output_type": "stream", "name": self.name, "text": text[:MAX_STREAM_CHARS]})
        return len(text)


class Student:
    """The student's namespace, an IPython shell to run cells in it, and the handlers the grader calls."""

    def __init__(self) -> None:
        from IPython.core.interactiveshell import InteractiveShell

        self.shell = InteractiveShell.instance(colors="nocolor", history_length=0)
        self.outputs: list[dict] = []
        self.shell.display_pub.publish = self._display
        self.shell.displayhook.write_output_prompt = lambda: None
        self.shell.displayhook.write_format_data = self._result
        self.shell._showtraceback = self._error
        self.count = 0

    # -- outputs of the cell being run
    def _display(self, data, metadata=None, **_) -> None:
        self.outputs.append({"output_type": "display_data", "data": dict(data), "metadata": dict(metadata or {})})

    def _result(self, data, metadata=None) -> None:
        self.outputs.append({"output_type": "execute_result", "data": dict(data),
                             "metadata": dict(metadata or {}), "execution_count": self.count})

    def _error(self, etype, evalue, stb) -> None:
        self.outputs.append({"output_type": "error", "ename": getattr(etype, "__name__", str(etype)),
                             "evalue": str(evalue), "traceback": list(stb)})

    # -- requests from the grader
    def execute(self, channel, message: dict) -> dict:
        source = message.get("source")
        if not isinstance(source, str):
            raise TypeError("execute needs a source string")
        self.count += 1
        self.outputs = []
        with redirect_stdout(_Stream("stdout", self.outputs)), redirect_stderr(_Stream("stderr", self.outputs)):
            self.shell.run_cell(source, store_history=False)
        return {"value": self.outputs, "execution_count": self.count}

    def lookup(self, channel, message: dict) -> dict:
        """{name: value} for the requested names the student's namespace defines (modules left out)."""
        names = message.get("names")
        if not (isinstance(names, list) and all(isinstance(name, str) for name in names)):
            raise TypeError("lookup needs a list of names")
        found = {}
        for name in names:
            if name in self.shell.user_ns and not inspect.ismodule(self.shell.user_ns[name]):
                found[name] = self.shell.user_ns[name]
        return {"value": channel.encode(found)}

    def call(self, channel, message: dict) -> dict:
        """A call for a test: its output is not the student's to show, and shortcuts are refused."""
        from .checks import forbidden

        paths = [entry for entry in message.get("forbidden", []) if isinstance(entry, list) and len(entry) == 2
                 and all(isinstance(part, str) for part in entry) and _resolvable(entry[0])]
        with ExitStack() as stack:
            stack.enter_context(redirect_stdout(io.StringIO()))
            stack.enter_context(redirect_stderr(io.StringIO()))
            for path, task in paths:
                stack.enter_context(forbidden((path,), task=task))
            return channel._serve_call(channel, message)


def export_with_origins(channel, value) -> dict:
    """A handle, and for a function the origin of each global name it uses (for the teaching checks)."""
    handle = type(channel).export(channel, value)
    if isinstance(value, FunctionType):
        handle["module"] = str(value.__module__)
        uses = {}
        for name in value.__code__.co_names:
            if name in value.__globals__:
                target = value.__globals__[name]
                origin = target.__name__ if inspect.ismodule(target) else getattr(target, "__module__", None)
                if isinstance(origin, str):
                    uses[name] = [origin, inspect.ismodule(target)]
        handle["uses"] = uses
    return handle


def _resolvable(path: str) -> bool:
    from .checks import _resolve

    try:
        _resolve(path)
    except (ImportError, AttributeError):
        return False  # not offered in the sandbox (the course's references): nothing to refuse
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uid", type=int)
    parser.add_argument("--gid", type=int)
    parser.add_argument("--file-bytes", type=int, default=1 << 30)
    parser.add_argument("--memory-bytes", type=int, help="address space of this process (and each child)")
    parser.add_argument("--processes", type=int, help="per-user process limit, where no cgroup limits them")
    parser.add_argument("--files", type=Path, help="copy this folder's regular files into the working folder")
    args = parser.parse_args(argv)
    # The channel keeps the original stdin/stdout; what the student's code prints to the
    # file descriptors themselves goes nowhere.
    read_fd, write_fd = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if args.memory_bytes:
        limit_memory(args.memory_bytes)
    if args.uid is not None:
        confine(args.uid, args.gid, args.file_bytes, args.processes)
    if args.files:
        for path in args.files.iterdir():
            if path.is_file() and not path.is_symlink():
                shutil.copyfile(path, path.name)
    from .wire import Channel, ChannelClosed, RemoteFunction, read_message, write_message

    student = Student()
    channel = Channel(read_fd, write_fd, make_proxy=lambda channel, handle: RemoteFunction(channel, handle),
                      handlers={"execute": student.execute, "lookup": student.lookup, "call": student.call})
    channel.export = lambda value: export_with_origins(channel, value)
    write_message(write_fd, {"op": "ready", "python": sys.version.split()[0]})
    while True:
        try:
            channel.answer(read_message(read_fd))
        except ChannelClosed:
            return


if __name__ == "__main__":
    main(sys.argv[1:])
