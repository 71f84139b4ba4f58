"""Grade one student, isolated: a private scratch course, nbgrader in a child process with a
time limit (worker.py), the student's code in the sandbox, feedback without hidden tests.

    <work>/<slot>/course/     scratch course: the course's config, a copy of the template
                              gradebook (assignment only), this student's repaired submission
    <work>/<slot>/graded/     the autograded notebook before hidden tests are scrubbed

The submission is read without following links (submission.py); the student's code
then runs in the sandbox with nothing of this workspace in reach (trusted.py), so every
file read or written here as root is one the grader made. Nothing here writes the
course's gradebook: the result carries the scores, and the parent records them.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.api import Gradebook

from ..course import SCRATCH_GRADEBOOK, Course, write_scratch_config
from ..limits import GradingLimits
from ..trusted import STOPPED
from .feedback import hidden_lines, leaked_hidden_lines
from .gradebook import CellScores, read_scores, sqlite_url
from .repair import repair_submission
from .submission import UnreadableSubmission, read_submission
from .worker import run_in_child

# Each student's nbgrader run is a fresh process forked from a server that imported
# nbgrader once: isolated like a subprocess, without paying the import per student.
WORKERS = multiprocessing.get_context("forkserver")
WORKERS.set_forkserver_preload(["sgdcourse.grading.classroom.worker"])


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
    try:
        notebook, files, ignored = read_submission(setup.course.step_root("submitted"), student, assignment)
    except UnreadableSubmission as error:
        return StudentResult(student, "not graded", [str(error)])
    repaired, notes = repair_submission(notebook, setup.release)
    notes += ignored
    workspace = setup.work_dir / slot
    scratch = _scratch_course(setup, workspace, student, files, repaired)
    outcome = _run_worker(setup, workspace, scratch, student, slot)
    if outcome is None:
        return StudentResult(student, "not graded",
                             [*notes, f"stopped at the {setup.limits.notebook_timeout_s} s notebook time limit"])
    if not outcome["autograde"]["success"]:
        return StudentResult(student, "not graded", [*notes, f"not graded: {_nbgrader_error(outcome['autograde'])}"])
    with Gradebook(sqlite_url(scratch.root / SCRATCH_GRADEBOOK), setup.course_id) as gradebook:
        scores = read_scores(gradebook, assignment, student)
    notebook_name = f"{assignment}.ipynb"
    graded_notebook = nbformat.read(workspace / "graded" / notebook_name, as_version=4)
    secrets = hidden_lines(graded_notebook)
    notes += _execution_notes(graded_notebook)
    _publish(workspace / "graded" / notebook_name, setup.course.folder("autograded", assignment, student))
    notes += _publish_feedback(setup, outcome["feedback"], scratch, student, secrets)
    return StudentResult(student, "graded", notes, scores)


def _scratch_course(setup: ClassSetup, workspace: Path, student: str, files: dict[str, bytes],
                    repaired: NotebookNode) -> Course:
    """A course holding only this student's submission and the assignment's definition."""
    scratch = Course(workspace / "course")
    write_scratch_config(setup.course, scratch.root)
    folder = scratch.folder("submitted", setup.assignment, student)
    folder.mkdir(parents=True)
    shutil.copy2(setup.template_gradebook, scratch.root / SCRATCH_GRADEBOOK)
    # nbgrader copies the source folder's other files next to the graded notebook; the
    # release has the same files, without the instructor's solution sources.
    source = scratch.folder("source", setup.assignment)
    source.mkdir(parents=True)
    release_folder = setup.course.release_notebook(setup.assignment).parent
    for path in release_folder.iterdir():
        if path.is_file() and path.suffix != ".ipynb":
            shutil.copy2(path, source / path.name)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    nbformat.write(repaired, folder / f"{setup.assignment}.ipynb")
    return scratch


def _run_worker(setup: ClassSetup, workspace: Path, scratch: Course, student: str, slot: str) -> dict | None:
    """worker.py for this student; its result, or None past the notebook time limit."""
    limits = setup.limits
    spec = {
        "root": str(scratch.root),
        "assignment": setup.assignment, "student": student,
        "trusted": {"sandbox": "bwrap", "timeout": limits.cell_timeout_s, "memory_bytes": limits.memory_bytes,
                    "processes": limits.processes, "disk_bytes": limits.disk_bytes,
                    "output_bytes": limits.output_bytes, "cgroup_name": f"sgdcourse-{workspace.parent.name}-{slot}"},
        "keep_graded": str(workspace / "graded"), "result": str(workspace / "result.json"),
        "log": str(workspace / "worker.log"),
    }
    process = WORKERS.Process(target=run_in_child, args=(spec,), name=f"grade-{student}")
    process.start()
    process.join(timeout=limits.notebook_timeout_s)
    if process.is_alive():
        process.kill()  # the student's process follows: bwrap --die-with-parent
        process.join()
        return None
    result_file = Path(spec["result"])
    if not result_file.is_file():
        log = Path(spec["log"])
        tail = log.read_text()[-500:] if log.is_file() else ""
        return {"autograde": {"success": False, "error": f"the grading process exited {process.exitcode}: {tail}"}}
    return json.loads(result_file.read_text())


def _publish_feedback(setup: ClassSetup, feedback: dict, scratch: Course, student: str,
                      secrets: set[str]) -> list[str]:
    """Copy the feedback page into the course, unless it failed or would leak hidden tests."""
    page = scratch.folder("feedback", setup.assignment, student) / f"{setup.assignment}.html"
    if not feedback["success"] or not page.is_file():
        return [f"feedback not generated: {_nbgrader_error(feedback)}"]
    leaks = leaked_hidden_lines(page.read_text(), secrets)
    if leaks:
        return [f"feedback withheld: it would show {len(leaks)} hidden test line(s)"]
    _publish(page, setup.course.folder("feedback", setup.assignment, student))
    return []


def _nbgrader_error(outcome: dict) -> str:
    """The reason in an nbgrader result, in the instructor's words where we know it."""
    text = f"{outcome.get('log', '')}\n{outcome.get('error', '')}"
    if "Kernel died" in text or "DeadKernelError" in text:
        return "the kernel died (the notebook ended its own process, or it was killed)"
    errors = [line for line in text.splitlines() if line.startswith("[ERROR]") or "Error:" in line]
    return errors[0].removeprefix("[ERROR]").strip() if errors else "nbgrader failed without an error message"


def _execution_notes(notebook: NotebookNode) -> list[str]:
    """Why the student's process stopped, if it did, and errors outside test cells
    (a failing test is just a wrong answer)."""
    notes = []
    for index, cell in enumerate(notebook.cells):
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if not errors:
            continue
        name = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index}")
        if errors[-1].ename == "StudentProcessStopped":
            notes.append(f"{name}: {errors[-1].evalue.removeprefix(STOPPED)}")
            break
        if not cell.metadata.get("nbgrader", {}).get("grade", False):
            notes.append(f"{name}: {errors[-1].ename}")
    return notes


def _publish(file: Path, folder: Path) -> None:
    """`folder` (the course's autograded/ or feedback/ for this student) holding just `file`."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copyfile(file, folder / file.name)
