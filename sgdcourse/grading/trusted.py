"""Trusted grading: the score comes from a process the student's code never ran in.

`TrustedExecute` takes the place of nbgrader's `Execute` in `nbgrader autograde`
(see `trusted_autograde_config`). It runs each code cell where it belongs:

    the student's cells (answers, cells they added)  → the student's process (runner.py),
                                                       sandboxed when grading a class
    the instructor's set-up cells (locked)           → both processes: the same imports
                                                       and helpers on each side
    test cells (visible and hidden)                  → here, in the grader

A test cell refers to the student's functions by name. Before it runs, each name it
uses that the grader does not define is looked up in the student's process: data
comes back as a value (wire.py: tensors, numbers, lists, dicts — never code), and a
function comes back as a `StudentFunction`, whose calls send the test's inputs over
and bring back only what the student's function returned. The reference, the checks
and the pass/fail decision stay in this process, out of the student's reach: whatever
the student's code does to names, modules, `torch`, builtins, tracing or IPython in its
own process can at most make its own functions return wrong values. Hidden tests are
never sent to the student's process, and a test cell's output keeps only the failed
check's message (no traceback, nothing the test printed when it has hidden parts).

nbgrader then scores the cells as usual (an error output in a test cell scores 0),
records the grades and renders feedback.
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from types import CodeType, ModuleType, SimpleNamespace
from typing import Any, Callable, Iterator

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, Unicode
from traitlets.config import Config

from . import checks
from .wire import Channel, ChannelClosed, ChannelTimeout, RemoteError, RemoteFunction, WireError, read_message

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
STOPPED = "your code's process was stopped: "  # how the error of a stopped student process starts
# What a student's cell may show in the feedback: text and pictures, no HTML or scripts.
# The first cell of every graded notebook, so the feedback says how the score was made.
GRADED_NOTICE = ("*Graded by sgdcourse's trusted grader: your cells ran {where}; the tests, hidden ones "
                 "included, ran in the grader and called your functions with their inputs, so each score "
                 "below comes from what your functions returned.*")
# How Hypothesis introduces the smallest failing input it found (its other notes name grader files).
HYPOTHESIS_EXAMPLE = ("Failing test case:", "Falsifying example:", "Falsifying explicit example:")
SAFE_MIME_TYPES = ("text/plain", "image/png", "image/jpeg", "text/latex", "text/markdown")


class StudentProcessStopped(Exception):
    """The student's process is gone (time limit, memory, crash): no more of its code runs."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class StudentCodeError(Exception):
    """A student's function raised while a test called it."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class StudentFunction(RemoteFunction):
    """A function defined in the student's notebook, called from a test with the test's inputs.

    `__module__`, `__code__.co_names` and `__globals__` mirror what the student's process
    reported for it, so the teaching checks (`check_own_implementation`, "names no optimizer
    from torch.optim") read as they do in a notebook. They are the student's word, used only
    for those checks; correctness is judged on returned values.
    """

    def __init__(self, channel: Channel, handle: dict):
        super().__init__(channel, handle)
        self.__qualname__ = self.__name__
        self.__module__ = str(handle.get("module", "?"))[:200]
        uses = handle.get("uses") if isinstance(handle.get("uses"), dict) else {}
        self.__globals__ = {}
        for name, described in uses.items():
            if isinstance(name, str) and isinstance(described, list) and len(described) == 2:
                origin, is_module = str(described[0])[:200], bool(described[1])
                self.__globals__[name] = ModuleType(origin) if is_module else SimpleNamespace(__module__=origin)
        self.__code__ = SimpleNamespace(co_names=tuple(self.__globals__))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self._channel.call(self._id, args, kwargs, forbidden=checks.active_forbidden())
        except RemoteError as error:
            if error.type_name == "CheckFailed":  # a refused shortcut, reported by checks.forbidden
                raise checks.CheckFailed(str(error)) from None
            raise StudentCodeError(f"your {self.__name__}(...) raised {error.type_name}: {error}") from None


class StudentProcess:
    """The student's process and the channel to it; `stop()` ends all of it."""

    def __init__(self, command: list[str], cwd: Path, cgroup=None, startup_timeout_s: float = 120):
        self.cgroup = cgroup
        self.reason: str | None = None
        if cgroup is not None:
            command = cgroup.wrap(command)
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        self.channel = Channel(self.process.stdout.fileno(), self.process.stdin.fileno(),
                               make_proxy=StudentFunction)
        try:
            ready = read_message(self.channel.read_fd, time.monotonic() + startup_timeout_s)
        except WireError as error:
            self.stop(f"the student's process did not start ({error})")
            raise StudentProcessStopped(self.reason) from None
        if ready.get("op") != "ready":
            self.stop("the student's process did not start")
            raise StudentProcessStopped(self.reason)

    def request(self, op: str, timeout_s: float | None = None, **fields: Any) -> dict:
        """A request (with a new time limit, if given); if it fails, the process is stopped."""
        if self.reason:
            raise StudentProcessStopped(self.reason)
        if timeout_s is not None:
            self.channel.deadline = time.monotonic() + timeout_s
        try:
            return self.channel.request(op, **fields)
        except WireError as error:
            self.stop(_broken(error))
            raise StudentProcessStopped(self.reason) from None

    def stop(self, reason: str = "grading finished") -> None:
        if reason.startswith("it ended") and self.cgroup is not None and self.cgroup.out_of_memory():
            reason = "it ran out of memory (the limit holds for all of its processes together)"
        self.reason = self.reason or reason
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self.cgroup is not None:
            self.cgroup.close()


class TrustedExecute(NbGraderPreprocessor):
    """nbgrader's Execute, split: student cells in the student's process, tests in the grader."""

    timeout = Integer(300, help="Seconds a cell may run, a test cell's calls into the student's code included; "
                                "past it the student's process is ended.").tag(config=True)
    startup_timeout = Integer(120, help="Seconds the student's process may take to start.").tag(config=True)
    sandbox = Unicode("auto", help="'bwrap': the student's process in the grading sandbox (needs root); "
                                   "'none': a plain child process; 'auto': bwrap when root and installed."
                      ).tag(config=True)
    memory_bytes = Integer(8 << 30, help="Memory of all the student's processes together (cgroup).").tag(config=True)
    processes = Integer(512, help="Processes and threads of the student together.").tag(config=True)
    disk_bytes = Integer(1 << 30, help="What the student's code may write (its tmpfs folders).").tag(config=True)
    output_bytes = Integer(1 << 20, help="Output kept per cell; the rest is cut with a note.").tag(config=True)
    cgroup_name = Unicode("", help="Name of the student's cgroup (unique among concurrent graders).").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        with self._launcher(folder) as (launch, sandboxed):
            grader = GraderSide(launch, self.timeout)
            try:
                for cell in nb.cells:
                    if cell.cell_type != "code":
                        continue
                    cell.outputs = _safe_outputs(grader.run(cell), self.output_bytes)
                    cell.execution_count = grader.count
            finally:
                grader.close()
        nb.cells.insert(0, new_markdown_cell(GRADED_NOTICE.format(
            where="in a sandbox of their own" if sandboxed else "in a process of their own")))
        return nb, resources

    @contextmanager
    def _launcher(self, folder: Path) -> Iterator[tuple[Callable[[], StudentProcess], bool]]:
        """(a function that starts a student's process, whether it is sandboxed)."""
        from .classroom.cgroup import StudentCgroup
        from .classroom.sandbox import Sandbox, write_student_view

        mode = self.sandbox
        if mode == "auto":
            mode = "bwrap" if os.geteuid() == 0 and shutil.which("bwrap") else "none"
        with tempfile.TemporaryDirectory(prefix="sgdcourse-student-") as scratch:
            scratch = Path(scratch)
            files = scratch / "files"
            files.mkdir()
            for path in folder.iterdir():  # the grader's own copy: regular files only
                if path.is_file() and not path.is_symlink() and path.suffix != ".ipynb":
                    shutil.copyfile(path, files / path.name)
            if mode == "bwrap":
                scratch.chmod(0o755)
                files.chmod(0o755)
                view = write_student_view(scratch / "view")

            def launch() -> StudentProcess:
                if mode != "bwrap":
                    work = Path(tempfile.mkdtemp(dir=scratch, prefix="work-"))
                    return StudentProcess([sys.executable, "-m", "sgdcourse.grading.runner", "--files", str(files),
                                           "--memory-bytes", str(self.memory_bytes)], work, None, self.startup_timeout)
                cgroup = StudentCgroup.create(self.cgroup_name or f"sgdcourse-{os.getpid()}",
                                              self.memory_bytes, self.processes)
                # With a cgroup holding the real limit, the per-process one only turns an absurd
                # single allocation into an error instead of a kill (importing torch maps ~3.3 GB).
                sandbox = Sandbox(view, disk_bytes=self.disk_bytes,
                                  memory_bytes=self.memory_bytes * (2 if cgroup else 1),
                                  processes=None if cgroup else self.processes)
                return StudentProcess(sandbox.command(files), scratch, cgroup, self.startup_timeout)

            yield launch, mode == "bwrap"


class GraderSide:
    """Runs the cells in order: where each belongs, with the grader's namespace for tests.

    When the student's process stops (a cell's time limit, memory, a crash), the next
    cell starts a fresh one, with the instructor's set-up cells run again in it: like a
    kernel restart, the student's earlier definitions are gone.
    """

    MAX_RESTARTS = 5

    def __init__(self, launch: Callable[[], StudentProcess], timeout_s: float):
        self.launch, self.timeout_s = launch, timeout_s
        self.student: StudentProcess | None = None
        self.restarts = 0
        self.setup_sources: list[str] = []
        self.namespace: dict[str, Any] = {"__name__": "__grader__", "__builtins__": builtins}
        self.borrowed: dict[str, Any] = {}   # names looked up in the student's process, as injected
        self.count = 0

    def run(self, cell: NotebookNode) -> list[dict]:
        self.count += 1
        notice = self._ensure_student()
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            outputs = self._test(cell)
        else:
            outputs = self._in_student(cell.source)
            if meta.get("locked") and not meta.get("solution"):
                self.setup_sources.append(cell.source)
                self._setup(cell.source)
        return notice + outputs

    def close(self) -> None:
        if self.student is not None:
            self.student.stop()

    def _ensure_student(self) -> list[dict]:
        """Start the student's process if there is none running; a notice when it is a restart."""
        if self.student is not None and self.student.reason is None:
            return []
        if self.student is not None and self.restarts >= self.MAX_RESTARTS:
            return []
        previous = self.student.reason if self.student is not None else None
        try:
            self.student = self.launch()
        except StudentProcessStopped:
            self.student = None
            return [_error("StudentProcessStopped", "your code's process could not be started")]
        if previous is None:
            return []
        self.restarts += 1
        for source in self.setup_sources:
            try:
                self.student.request("execute", self.timeout_s, source=source)
            except StudentProcessStopped:
                break
        return [{"output_type": "stream", "name": "stderr",
                 "text": f"[your code's process was stopped ({previous}) and started again: "
                         "the set-up cells ran again, your earlier cells did not]\n"}]

    def _in_student(self, source: str) -> list[dict]:
        if self.student is None or self.student.reason is not None:
            return [_error("StudentProcessStopped", "your code's process is not running")]
        try:
            reply = self.student.request("execute", self.timeout_s, source=source)
        except StudentProcessStopped as error:
            return [_error("StudentProcessStopped", f"{STOPPED}{error}")]
        outputs = reply.get("value")
        return outputs if isinstance(outputs, list) else []

    def _setup(self, source: str) -> None:
        """The instructor's set-up code, here too (its errors show in the student's copy)."""
        try:
            exec(compile(source, "<set-up>", "exec"), self.namespace)
        except Exception:  # noqa: BLE001 — a set-up cell that uses the student's code may fail here
            pass

    def _test(self, cell: NotebookNode) -> list[dict]:
        source = cell.source
        try:
            code = compile(source, f"<test {cell.metadata['nbgrader'].get('grade_id', '')}>", "exec")
        except SyntaxError as error:
            return [_error("SyntaxError", f"the test cell does not compile: {error}")]
        printed = io.StringIO()
        try:
            if self.student is not None and self.student.reason is None:
                # One limit for the whole test cell: every call into the student's code counts.
                self.student.channel.deadline = time.monotonic() + self.timeout_s
            self._borrow(code)
            with redirect_stdout(printed), redirect_stderr(printed):
                exec(code, self.namespace)
        except WireError as error:  # the student's process timed out, died or broke the protocol
            self.student.stop(_broken(error))
            return [_error("StudentProcessStopped", STOPPED + self.student.reason)]
        except Exception as error:  # noqa: BLE001 — every failure of a test is that test's 0
            return self._printed(source, printed.getvalue()) + [_error(type(error).__name__, _message(error))]
        finally:
            self._forget_rebound()
        return self._printed(source, printed.getvalue())

    def _borrow(self, code: CodeType) -> None:
        """Put the student's current value of every name the tests use (and we lack) in the namespace."""
        wanted = set(self.borrowed) | {name for name in _names(code)
                                       if name not in self.namespace and not hasattr(builtins, name)}
        if not wanted:
            return
        for name in self.borrowed:
            self.namespace.pop(name, None)
        if self.student is None or self.student.reason is not None:
            raise StudentProcessStopped("your code's process is not running")
        reply = self.student.request("lookup", names=sorted(wanted))
        found = self.student.channel.decode(reply.get("value"))
        if not isinstance(found, dict):
            raise StudentProcessStopped("your code's process answered a lookup with something else")
        self.borrowed = {name: value for name, value in found.items() if name in wanted}
        self.namespace.update(self.borrowed)

    def _forget_rebound(self) -> None:
        """A name the test assigned itself is the grader's from now on."""
        self.borrowed = {name: value for name, value in self.borrowed.items()
                         if self.namespace.get(name) is value}

    @staticmethod
    def _printed(source: str, text: str) -> list[dict]:
        """A test's own printing is shown only when the cell has no hidden part."""
        if not text or HIDDEN_BEGIN in source:
            return []
        return [{"output_type": "stream", "name": "stdout", "text": text}]


def trusted_autograde_config(**trusted: Any) -> Config:
    """nbgrader configuration: `autograde` with TrustedExecute (options as keywords) in place of Execute."""
    from nbgrader.converters import Autograde

    pipeline = [TrustedExecute if step.__name__ == "Execute" else step
                for step in Autograde.class_traits()["autograde_preprocessors"].default()]
    return Config({"Autograde": {"autograde_preprocessors": pipeline}, "TrustedExecute": trusted})


# ------------------------------------------------------------------ helpers

def _names(code: CodeType) -> set[str]:
    """Every global name `code` and the functions defined in it may read."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            names |= _names(constant)
    return names


def _broken(error: WireError) -> str:
    if isinstance(error, ChannelTimeout):
        return "it ran past the time limit of a cell"
    if isinstance(error, ChannelClosed):
        return "it ended (your code exited, crashed or was killed)"
    return f"it sent something that is not a value ({error})"


def _message(error: BaseException) -> str:
    """What the student reads: the check's message (with Hypothesis's falsifying example, if any)."""
    notes = "".join(f"\n{note}" for note in getattr(error, "__notes__", [])
                    if isinstance(note, str) and note.startswith(HYPOTHESIS_EXAMPLE))
    return _plain_message(error) + notes


def _plain_message(error: BaseException) -> str:
    if isinstance(error, (checks.CheckFailed, StudentCodeError, StudentProcessStopped)):
        return str(error)
    if isinstance(error, NameError):
        return f"{error}: define it in your notebook (run every cell above, and keep the name the task gives)"
    return (f"the test could not use what your code gave it: {type(error).__name__}: {error}"
            if str(error) else f"the test failed: {type(error).__name__}")


def _error(ename: str, evalue: str) -> dict:
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": [f"{ename}: {evalue}"]}


def _safe_outputs(outputs: list, limit: int) -> list[NotebookNode]:
    """Outputs rebuilt from checked fields only (the student's process wrote most of them), cut at `limit`."""
    from nbformat import from_dict

    safe, budget = [], limit
    for output in outputs:
        if not isinstance(output, dict) or budget <= 0:
            continue
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") in ("stdout", "stderr") and isinstance(output.get("text"), str):
            text = output["text"]
            if len(text) > budget:
                text = text[:budget] + f"\n[output cut at {limit} characters]\n"
            budget -= len(text)
            safe.append({"output_type": "stream", "name": output["name"], "text": text})
        elif kind in ("display_data", "execute_result") and isinstance(output.get("data"), dict):
            data = {mime: value for mime, value in output["data"].items()
                    if mime in SAFE_MIME_TYPES and isinstance(value, str) and len(value) <= budget}
            if not data:
                continue
            budget -= sum(len(value) for value in data.values())
            item = {"output_type": kind, "data": data, "metadata": {}}
            if kind == "execute_result":
                item["execution_count"] = None
            safe.append(item)
        elif kind == "error" and isinstance(output.get("ename"), str) and isinstance(output.get("evalue"), str):
            trace = [line for line in output.get("traceback", []) if isinstance(line, str)]
            trace = "\n".join(trace)[:max(budget, 0)].splitlines()
            budget -= sum(map(len, trace))
            safe.append({"output_type": "error", "ename": output["ename"][:200], "evalue": output["evalue"][:5000],
                         "traceback": trace})
    return [from_dict(output) for output in safe]
