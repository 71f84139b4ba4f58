"""The course on disk, and the two conversions every assignment goes through.

    solutions/<a>/<a>.md  ──jupytext──▶  solutions/<a>/<a>.ipynb  ──nbgrader──▶  exercises/<a>/<a>.ipynb
    (MyST source of truth)               (nbgrader source, git-ignored)          (student release, committed)

Every folder and the gradebook come from ``nbgrader_config.py``, through nbgrader's own
``CourseDirectory`` (source = solutions, release = exercises, submitted, autograded, feedback,
db_url), so that plain nbgrader and `sgdcourse` follow the same configuration. This module
only needs the course root, the folder holding that file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `sgdcourse --help` needs none of them
    import nbformat
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

BOOK_CONFIG_FILE = "_config.yml"
CONFIG_FILE = "nbgrader_config.py"
MUTANTS_DIR = "mutants"
DEFAULT_COURSE_ID = "default_course"  # nbgrader's Gradebook's own default
# A private folder of the instructor's, read in addition to the public solutions/:
#   $SGDCOURSE_OVERLAY/<assignment>/<grade_id>.py   more hidden tests for that test cell
#   $SGDCOURSE_OVERLAY/<assignment>/mutants/*.py    more known-wrong submissions for the proof
OVERLAY_VARIABLE = "SGDCOURSE_OVERLAY"


class CourseError(RuntimeError):
    """The course folder is not what the command expects; the message says how to fix it."""


@dataclass(frozen=True)
class Course:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Course":
        """The course whose root (the folder with nbgrader_config.py) holds `start` (default: cwd)."""
        start = Path(start or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_FILE).is_file():
                return cls(folder)
        raise CourseError(
            f"no {CONFIG_FILE} in {start} or any folder above it: "
            "run this command inside the course repository, or pass --root"
        )

    @property
    def config(self) -> Config:
        """nbgrader_config.py as nbgrader reads it."""
        return _load_config(self.root, self._config_version())

    @property
    def directories(self) -> CourseDirectory:
        """nbgrader's CourseDirectory of this course: folder names, layout, db_url (read-only: shared)."""
        return _course_directory(self.root, self._config_version())

    def _config_version(self) -> int:
        return (self.root / CONFIG_FILE).stat().st_mtime_ns

    def folder(self, step: str, assignment: str, student: str = ".") -> Path:
        """Where nbgrader keeps `assignment` at `step` (source, release, submitted, autograded,
        feedback): <root>/<the step's directory>/<student>/<assignment> unless the config's
        directory_structure says otherwise; source and release have no student (".")."""
        directories = self.directories
        step_directory = getattr(directories, f"{step}_directory")
        return Path(os.path.normpath(directories.format_path(step_directory, student, assignment)))

    def step_root(self, step: str) -> Path:
        """The folder holding every student's (or assignment's) copies at `step`."""
        return self.root / getattr(self.directories, f"{step}_directory")

    def gradebook(self) -> tuple[str, str]:
        """(db_url, course_id) of the course's gradebook, as nbgrader reads them."""
        directories = self.directories
        return directories.db_url, directories.course_id or DEFAULT_COURSE_ID

    @property
    def cell_timeout_s(self) -> int:
        """Seconds one cell may run when graded: TrustedExecute.timeout of the config."""
        from .trusted import TrustedExecute

        return TrustedExecute(config=self.config).timeout

    def assignments(self) -> list[str]:
        """Every assignment with a MyST source <source>/<a>/<a>.md, in order."""
        source = self.step_root("source")
        return sorted(d.name for d in source.iterdir() if (d / f"{d.name}.md").is_file())

    def check_assignment(self, assignment: str) -> None:
        if assignment not in self.assignments():
            raise CourseError(
                f"unknown assignment {assignment!r}; known: {', '.join(self.assignments())}"
            )

    def source_markdown(self, assignment: str) -> Path:
        return self.folder("source", assignment) / f"{assignment}.md"

    def source_notebook(self, assignment: str) -> Path:
        return self.folder("source", assignment) / f"{assignment}.ipynb"

    def release_notebook(self, assignment: str) -> Path:
        return self.folder("release", assignment) / f"{assignment}.ipynb"

    def mutants(self, assignment: str) -> list[Path]:
        """The public mutants, then the private overlay's (see OVERLAY_VARIABLE)."""
        folders = [self.folder("source", assignment), *([overlay / assignment] if (overlay := private_overlay()) else [])]
        return [path for folder in folders for path in sorted((folder / MUTANTS_DIR).glob("*.py"))]

    def nbgrader(self, *args: str) -> subprocess.CompletedProcess:
        """Run ``nbgrader ARGS`` in this course (the environment's own nbgrader, this root's config)."""
        # nbgrader runs `alembic` and kernels from PATH: put this environment's bin/ first.
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        result = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args],
            cwd=self.root, capture_output=True, text=True, env={**os.environ, "PATH": path},
        )
        if result.returncode != 0:
            raise CourseError(
                f"`nbgrader {' '.join(args)}` failed in {self.root} "
                f"(exit {result.returncode}):\n{result.stdout}{result.stderr}"
            )
        return result

    def scratch_copy(self, destination: Path, assignments: list[str]) -> "Course":
        """A fresh course in `destination` with this one's config and assignment sources only,
        and a gradebook of its own (see write_scratch_config)."""
        scratch = Course(destination)
        write_scratch_config(self, scratch.root)
        shutil.copy2(self.root / BOOK_CONFIG_FILE, destination / BOOK_CONFIG_FILE)  # the repository's address
        for assignment in assignments:
            shutil.copytree(self.folder("source", assignment), scratch.folder("source", assignment),
                            ignore=shutil.ignore_patterns("*.ipynb", "__pycache__"))
        return scratch


SCRATCH_GRADEBOOK = "gradebook.db"


def write_scratch_config(course: Course, destination: Path) -> Path:
    """The course's nbgrader_config.py in `destination`, but with a SQLite gradebook of the scratch
    course's own: proofs and per-student runs never write into the course's gradebook, even when
    its db_url names a shared database."""
    destination.mkdir(parents=True, exist_ok=True)
    text = (course.root / CONFIG_FILE).read_text()
    gradebook = destination / SCRATCH_GRADEBOOK
    path = destination / CONFIG_FILE
    path.write_text(f"{text.rstrip()}\n\n# A scratch copy (sgdcourse.grading.course.write_scratch_config): "
                    f"its own gradebook.\nc.CourseDirectory.db_url = {f'sqlite:///{gradebook}'!r}\n")
    return path


@lru_cache(maxsize=None)
def _load_config(root: Path, modified_ns: int) -> Config:
    """Loaded once per version of the file (`modified_ns` is its mtime: a changed file reloads)."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()


@lru_cache(maxsize=None)
def _course_directory(root: Path, modified_ns: int) -> CourseDirectory:
    """One CourseDirectory per version of the config, as for `_load_config`."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=_load_config(root, modified_ns), root=str(root))


def read_myst_notebook(path: Path) -> nbformat.NotebookNode:
    """A MyST notebook as .ipynb, with stable cell ids (nbgrader's grade_id, else the cell's position)
    and without jupytext's metadata.

    jupytext draws new random ids at each conversion; stable ids keep the generated
    release identical from one build to the next, so a stale release is detectable.
    """
    import jupytext

    notebook = jupytext.read(path)
    notebook.metadata.pop("jupytext", None)  # the source format's, not the notebook's
    for index, cell in enumerate(notebook.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.id = grade_id or f"cell-{index}"
    return notebook


def private_overlay() -> Path | None:
    """The instructor's private overlay folder, when $SGDCOURSE_OVERLAY names one."""
    value = os.environ.get(OVERLAY_VARIABLE)
    if not value:
        return None
    folder = Path(value).expanduser().resolve()
    if not folder.is_dir():
        raise CourseError(f"${OVERLAY_VARIABLE} is {value!r}, which is not a folder")
    return folder


def add_private_tests(notebook: nbformat.NotebookNode, assignment: str) -> list[str]:
    """Append the overlay's hidden tests to their test cells; the grade_ids that got some."""
    overlay = private_overlay()
    if overlay is None:
        return []
    cells = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in notebook.cells}
    added = []
    for path in sorted((overlay / assignment).glob("*.py")):
        cell = cells.get(path.stem)
        meta = cell.metadata.get("nbgrader", {}) if cell is not None else {}
        if not (meta.get("grade") and not meta.get("solution")):
            raise CourseError(f"{path}: no test cell {path.stem!r} in {assignment} to add hidden tests to")
        cell.source = (f"{cell.source.rstrip()}\n### BEGIN HIDDEN TESTS\n"
                       f"{path.read_text().strip()}\n### END HIDDEN TESTS")
        added.append(path.stem)
    return added


def assignment_notebook(course: Course, assignment: str) -> nbformat.NotebookNode:
    """The instructor notebook of `assignment`: its MyST source, the private overlay's hidden
    tests, and the install cell that lets the student's copy run in Colab or any fresh kernel
    (locked: students cannot change it)."""
    from ..publish import with_install_cell

    notebook = read_myst_notebook(course.source_markdown(assignment))
    add_private_tests(notebook, assignment)
    locked = {"grade": False, "grade_id": "install", "locked": True, "schema_version": 3,
              "solution": False, "task": False}
    return with_install_cell(notebook, course.root, metadata={"nbgrader": locked})


def build_release(course: Course, assignment: str) -> Path:
    """MyST source → nbgrader source notebook → student release. Returns the release path."""
    import nbformat

    course.check_assignment(assignment)
    nbformat.write(assignment_notebook(course, assignment), course.source_notebook(assignment))
    course.nbgrader("generate_assignment", assignment, "--force")
    release = course.release_notebook(assignment)
    if not release.is_file():
        raise CourseError(f"nbgrader reported success but wrote no {release}")
    return release


def stale_releases(course: Course, scratch: Path) -> list[str]:
    """Assignments whose committed release differs from a fresh build (built in `scratch`)."""
    assignments = course.assignments()
    fresh_course = course.scratch_copy(scratch, assignments)
    stale = []
    for assignment in assignments:
        fresh = build_release(fresh_course, assignment).read_bytes()
        committed = course.release_notebook(assignment)
        if not committed.is_file() or committed.read_bytes() != fresh:
            stale.append(assignment)
    return stale


SOLUTIONS_RELEASE_DIR = "released_solutions"
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_notebook(course: Course, assignment: str) -> nbformat.NotebookNode:
    """The instructor notebook as students may have it after the deadline: the solutions in,
    the hidden tests (public ones and the private overlay's) out, nbgrader's markers gone."""
    from nbgrader.preprocessors import ClearHiddenTests

    notebook = assignment_notebook(course, assignment)
    ClearHiddenTests().preprocess(notebook, {})
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                    if line.strip() not in SOLUTION_MARKERS)
    return notebook


def release_solutions(course: Course, assignment: str, html: bool = False) -> list[Path]:
    """Write released_solutions/<a>/<a>_solution.ipynb (and .html); the files written."""
    import nbformat

    course.check_assignment(assignment)
    folder = course.root / SOLUTIONS_RELEASE_DIR / assignment
    folder.mkdir(parents=True, exist_ok=True)
    notebook = solution_notebook(course, assignment)
    written = [folder / f"{assignment}_solution.ipynb"]
    nbformat.write(notebook, written[0])
    if html:
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_notebook_node(notebook)
        written.append(folder / f"{assignment}_solution.html")
        written[-1].write_text(body)
    return written
