"""The two places grades live: the course's gradebook (any SQLAlchemy URL nbgrader accepts)
and the private SQLite gradebook of one student's scratch course.

The parent process is the only writer of the course's gradebook: workers grade into their
own copy, and `record_grades` merges each result, one student at a time.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from ..course import CourseError


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def open_gradebook(db_url: str, course_id: str) -> Gradebook:
    """nbgrader's Gradebook, created if it does not exist yet.

    nbgrader stamps a new database with the version `alembic heads` prints, running
    `alembic` from PATH: put this environment's bin/ first, as an activated venv would,
    so that a course whose venv is not activated works the first time too.
    """
    saved_path = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), saved_path])
    try:
        return Gradebook(db_url, course_id)
    finally:
        os.environ["PATH"] = saved_path


@contextmanager
def new_gradebook(path: Path, course_id: str) -> Iterator[Gradebook]:
    """A fresh SQLite gradebook at `path`."""
    with open_gradebook(sqlite_url(path), course_id) as gradebook:
        yield gradebook


def copy_assignment(source: Gradebook, target: Gradebook, assignment: str) -> None:
    """Copy the definition of `assignment` (notebooks, cells, points, locked sources) — no students."""
    try:
        original = source.find_assignment(assignment)
    except MissingEntry:
        raise CourseError(
            f"the gradebook has no assignment {assignment!r}: release it first "
            "(`sgdcourse exercises build`, i.e. nbgrader generate_assignment)"
        ) from None
    target.update_or_create_assignment(assignment, duedate=original.duedate)
    for notebook in original.notebooks:
        target.update_or_create_notebook(notebook.name, assignment)
        for cell in notebook.grade_cells:
            target.add_grade_cell(cell.name, notebook.name, assignment,
                                  max_score=cell.max_score, cell_type=cell.cell_type)
        for cell in notebook.task_cells:
            target.add_task_cell(cell.name, notebook.name, assignment,
                                 max_score=cell.max_score, cell_type=cell.cell_type)
        for cell in notebook.solution_cells:
            target.add_solution_cell(cell.name, notebook.name, assignment)
        for cell in notebook.source_cells:
            target.add_source_cell(cell.name, notebook.name, assignment, cell_type=cell.cell_type,
                                   locked=cell.locked, source=cell.source, checksum=cell.checksum)


# (notebook, cell) → (points the autograder gave, whether the cell still needs a person)
CellScores = dict[tuple[str, str], tuple[float, bool]]


def read_scores(gradebook: Gradebook, assignment: str, student: str) -> CellScores:
    """The autograder's verdict per graded cell of a student's submission."""
    submission = gradebook.find_submission(assignment, student)
    return {
        (notebook.name, grade.name): (grade.auto_score or 0.0, grade.needs_manual_grade)
        for notebook in submission.notebooks
        for grade in notebook.grades
    }


def record_grades(gradebook: Gradebook, assignment: str, student: str, scores: CellScores | None) -> float:
    """Write a student's grades; `None` means the notebook could not be graded: every cell 0,
    flagged for a manual look. Returns the total."""
    gradebook.update_or_create_student(student)
    with warnings.catch_warnings():
        # nbgrader's own autoflush noise on every new submission (harmless; autograde hides it too)
        warnings.filterwarnings("ignore", category=SAWarning, message="Object of type .* not in session")
        submission = gradebook.update_or_create_submission(assignment, student)
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            if scores is None:
                grade.auto_score, grade.needs_manual_grade = 0.0, True
            else:
                grade.auto_score, grade.needs_manual_grade = scores.get((notebook.name, grade.name), (0.0, True))
    gradebook.db.commit()
    return gradebook.find_submission(assignment, student).score
