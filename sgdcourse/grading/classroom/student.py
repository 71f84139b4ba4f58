"""Grade one student, isolated: a private scratch course, nbgrader in a child process with a
time limit, the student's kernel in the sandbox, feedback without hidden tests.

    <work>/<slot>/course/     scratch course: the course's config, a copy of the template
                              gradebook (assignment only), this student's repaired submission
    <work>/<slot>/jupyter/    the sandboxed kernel spec (JUPYTER_PATH)
    <work>/<slot>/runtime/    connection file and kernel sockets (owned by `nobody`)

Nothing here writes the course's gradebook: the result carries the scores, and the parent
records them (one writer).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.api import Gradebook

from ..course import CONFIG_FILE, SOURCE_DIR, Course
from .feedback import hidden_lines, leaked_hidden_lines, scrub_hidden_tests
from .gradebook import CellScores, read_scores, sqlite_url
from .repair import UnreadableSubmission, read_submission, repair_submission
from .sandbox import KERNEL_NAME, KernelLimits, Sandbox, sandbox_user_ids

GRADEBOOK_FILE = "gradebook.db"


@dataclass(frozen=True)
class GradingLimits:
    """Time and memory one student's notebook may use."""

    cell_timeout_s: int = 300        # the course's own per-cell limit (nbgrader_config.py)
    notebook_timeout_s: int = 1800
    memory_bytes: int = 4 << 30      # address space of the kernel process
    file_bytes: int = 1 << 30        # largest file the kernel may write
    tmp_bytes: int = 256 << 20       # its private /tmp

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if value <= 0:
                raise ValueError(f"GradingLimits.{name} must be positive, got {value}")


@dataclass(frozen=True)
class ClassSetup:
    """What every student's grading shares."""

    course: Course
    assignment: str
    course_id: str
    release: NotebookNode       # the student notebook as released: the skeleton to repair against
    template_gradebook: Path    # SQLite copy of the assignment's definition
    work_dir: Path
    limits: GradingLimits


@dataclass
class StudentResult:
    """How one student's submission went. `scores` is None when it could not be graded."""

    student: str
    status: str                 # "graded" or "not graded" (then recorded as 0, flagged for a manual look)
    notes: list[str] = field(default_factory=list)
    scores: CellScores | None = None
    score: float = 0.0          # filled in from the course's gradebook once recorded
    max_score: float = 0.0


def grade_student(setup: ClassSetup, student: str, slot: str) -> StudentResult:
    """Autograde `student` in workspace `<work>/<slot>`; never raises for a bad submission."""
    assignment = setup.assignment
    submitted = setup.course.root / "submitted" / student / assignment
    try:
        notebook = read_submission(submitted / f"{assignment}.ipynb")
    except UnreadableSubmission as error:
        return StudentResult(student, "not graded", [str(error)])
    repaired, notes = repair_submission(notebook, setup.release)
    workspace = setup.work_dir / slot
    scratch = _scratch_course(setup, workspace, student, submitted, repaired, notes)
    failure = _autograde(setup, workspace, scratch, student)
    if failure:
        return StudentResult(student, "not graded", [*notes, failure])
    with Gradebook(sqlite_url(scratch.root / GRADEBOOK_FILE), setup.course_id) as gradebook:
        scores = read_scores(gradebook, assignment, student)
    graded = scratch.root / "autograded" / student / assignment
    notes += _execution_notes(nbformat.read(graded / f"{assignment}.ipynb", as_version=4), setup.limits)
    _replace_folder(graded, setup.course.root / "autograded" / student / assignment)
    notes += _feedback(setup, workspace, scratch, student)
    return StudentResult(student, "graded", notes, scores)


def _scratch_course(setup: ClassSetup, workspace: Path, student: str, submitted: Path,
                    repaired: NotebookNode, notes: list[str]) -> Course:
    """A course holding only this student's submission and the assignment's definition."""
    scratch = Course(workspace / "course")
    folder = scratch.root / "submitted" / student / setup.assignment
    folder.mkdir(parents=True)
    shutil.copy2(setup.course.root / CONFIG_FILE, scratch.root / CONFIG_FILE)
    shutil.copy2(setup.template_gradebook, scratch.root / GRADEBOOK_FILE)
    # nbgrader copies the source folder's other files next to the graded notebook; the
    # release has the same files, without the instructor's solution sources.
    source = scratch.root / SOURCE_DIR / setup.assignment
    source.mkdir(parents=True)
    release_folder = setup.course.release_notebook(setup.assignment).parent
    for path in release_folder.iterdir():
        if path.is_file() and path.suffix != ".ipynb":
            shutil.copy2(path, source / path.name)
    for path in submitted.iterdir():
        if path.name == f"{setup.assignment}.ipynb":
            continue
        if path.is_symlink() or not path.is_file():
            # Root copies these for nbgrader: a link could pull the gradebook into the student's folder.
            notes.append(f"ignored {path.name!r} in the submission (not a regular file)")
            continue
        shutil.copy2(path, folder / path.name)
    nbformat.write(repaired, folder / f"{setup.assignment}.ipynb")
    return scratch


def _autograde(setup: ClassSetup, workspace: Path, scratch: Course, student: str) -> str | None:
    """Run `nbgrader autograde` for the student with the kernel sandboxed; None, or why it failed."""
    runtime = workspace / "runtime"
    runtime.mkdir(mode=0o700)
    os.chown(runtime, *sandbox_user_ids())  # the kernel creates its sockets there
    limits = setup.limits
    graded = scratch.root / "autograded" / student / setup.assignment
    Sandbox(
        hidden=(setup.course.root, setup.work_dir, Path.home()),
        writable=(graded, runtime),
        limits=KernelLimits(limits.memory_bytes, limits.file_bytes, limits.tmp_bytes),
    ).install_kernel_spec(workspace / "jupyter")
    result = _nbgrader(
        scratch, workspace, limits.notebook_timeout_s,
        "autograde", setup.assignment, "--student", student,
        f"--Execute.kernel_name={KERNEL_NAME}",
        f"--Execute.timeout={limits.cell_timeout_s}",
        # A kernel that ignores the interrupt costs the cells it blocks, not the whole notebook.
        "--Execute.raise_on_iopub_timeout=False",
        "--KernelManager.transport=ipc",
        f"--KernelManager.connection_file={runtime / 'kernel.json'}",
    )
    if result is None:
        return f"stopped at the {limits.notebook_timeout_s} s notebook time limit; not graded"
    if result.returncode != 0 or not (graded / f"{setup.assignment}.ipynb").is_file():
        return f"not graded: {_nbgrader_error(result.stdout)}"
    return None


def _feedback(setup: ClassSetup, workspace: Path, scratch: Course, student: str) -> list[str]:
    """Render feedback without hidden tests into the course's feedback folder; notes if withheld."""
    assignment = setup.assignment
    graded = scratch.root / "autograded" / student / assignment / f"{assignment}.ipynb"
    notebook = nbformat.read(graded, as_version=4)
    secrets = hidden_lines(notebook)
    scrub_hidden_tests(notebook, secrets)
    nbformat.write(notebook, graded)
    result = _nbgrader(scratch, workspace, setup.limits.notebook_timeout_s,
                       "generate_feedback", assignment, "--student", student)
    rendered = scratch.root / "feedback" / student / assignment
    page = rendered / f"{assignment}.html"
    if result is None or result.returncode != 0 or not page.is_file():
        return ["feedback not generated: " + (_nbgrader_error(result.stdout) if result else "time limit")]
    leaks = leaked_hidden_lines(page.read_text(), secrets)
    if leaks:
        return [f"feedback withheld: it would show {len(leaks)} hidden test line(s)"]
    _replace_folder(rendered, setup.course.root / "feedback" / student / assignment)
    return []


def _nbgrader(scratch: Course, workspace: Path, timeout_s: int, *args: str) -> subprocess.CompletedProcess | None:
    """`nbgrader ARGS` in the scratch course; None when it ran past `timeout_s` (then killed).

    The kernel dies with it: bwrap --die-with-parent.
    """
    environment = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "JUPYTER_PATH": str(workspace / "jupyter"),
    }
    command = [sys.executable, "-m", "nbgrader", *args,
               f"--CourseDirectory.root={scratch.root}",
               f"--CourseDirectory.db_url={sqlite_url(scratch.root / GRADEBOOK_FILE)}"]
    process = subprocess.Popen(command, cwd=scratch.root, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        stdout, _ = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None
    return subprocess.CompletedProcess(command, process.returncode, stdout)


def _nbgrader_error(log: str) -> str:
    """The reason in an nbgrader log, in the instructor's words where we know it."""
    if "Kernel died" in log or "DeadKernelError" in log:
        return "the kernel died (the notebook ended its own process, or it was killed)"
    errors = [line for line in log.splitlines() if "ERROR]" in line or "Error:" in line]
    return errors[0].split("]", 1)[-1].strip() if errors else "nbgrader failed without an error message"


def _execution_notes(notebook: NotebookNode, limits: GradingLimits) -> list[str]:
    """Cells stopped by a limit, and errors outside test cells (a failing test is just a wrong answer)."""
    notes = []
    for cell in notebook.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if not errors:
            continue
        name = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {notebook.cells.index(cell)}")
        ename = errors[-1].ename
        if ename == "CellTimeoutError":
            notes.append(f"{name}: stopped at the {limits.cell_timeout_s} s cell time limit")
        elif not cell.metadata.get("nbgrader", {}).get("grade", False):
            notes.append(f"{name}: {ename}")
    return notes


def _replace_folder(source: Path, destination: Path) -> None:
    if destination.exists():
        shutil.rmtree(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, destination)
