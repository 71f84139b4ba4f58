"""The grading proof: the real ``nbgrader autograde`` tells right from wrong.

For an assignment it grades, in a scratch copy of the course:

    solution   the instructor notebook               → must earn full marks
    release    the untouched student notebook         → must earn 0
    <mutant>   the solution with a known mistake      → must earn less than full marks
               (a mutant named implements_nothing_* → must earn 0: a cheat, not an answer;
               one named correct_* is a right but unusual answer → must earn full marks)

A mutant is a file ``solutions/<a>/mutants/<mistake>.py``: a docstring saying what the
student got wrong, then one section per replaced cell, headed by the cell's grade_id:

    \"\"\"Ignores the generator: not reproducible.\"\"\"
    # %% shuffled_batches
    def shuffled_batches(...):
        ...
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from .course import Course, CourseError, assignment_notebook, build_release, write_scratch_config

SECTION = re.compile(r"^# %% (\S+)[ \t]*$", re.MULTILINE)
NOTHING_PREFIX = "implements_nothing_"
CORRECT_PREFIX = "correct_"


@dataclass(frozen=True)
class ProofRow:
    submission: str
    score: float
    max_score: float
    expectation: str  # "full", "zero" or "below full"

    @property
    def passed(self) -> bool:
        if self.expectation == "full":
            return self.score == self.max_score
        if self.expectation == "zero":
            return self.score == 0
        return self.score < self.max_score


def mutant_cells(path: Path) -> dict[str, str]:
    """grade_id → replacement source, from a mutant file."""
    text = path.read_text()
    parts = SECTION.split(text)
    if len(parts) < 3 or not ast.get_docstring(ast.parse(parts[0])):
        raise CourseError(
            f"{path}: a mutant starts with a docstring naming the mistake, followed by "
            "one or more sections headed '# %% <grade_id>'"
        )
    return {grade_id: source.strip() + "\n" for grade_id, source in zip(parts[1::2], parts[2::2])}


def apply_mutant(solution: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """A copy of the solution notebook with the mutant's cells swapped in."""
    mutant = nbformat.from_dict(solution)
    cells = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in mutant.cells}
    for grade_id, source in mutant_cells(path).items():
        if grade_id not in cells:
            raise CourseError(f"{path}: no cell with grade_id {grade_id!r} in the solution")
        cells[grade_id].source = source
    return mutant


def prove(course: Course, assignment: str, scratch: Path | None = None,
          workers: int | None = None) -> list[ProofRow]:
    """Autograde the solution, the release and every mutant of `assignment`; one row each.

    The submissions are shared out over `workers` copies of the scratch course (default: one
    per CPU core), each graded by its own ``nbgrader autograde`` at the same time.
    """
    course.check_assignment(assignment)
    mutants = course.mutants(assignment)
    if not mutants:
        raise CourseError(f"{assignment} has no mutants under solutions/{assignment}/mutants/")
    workers = workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix=f"proof-{assignment}-") as tmp:
        base = Path(scratch or tmp)
        work = course.scratch_copy(base / "course", [assignment])
        release = nbformat.read(build_release(work, assignment), as_version=4)
        solution = assignment_notebook(work, assignment)
        submissions = {"solution": (solution, "full"), "release": (release, "zero")}
        for path in mutants:
            expectation = ("zero" if path.stem.startswith(NOTHING_PREFIX)
                           else "full" if path.stem.startswith(CORRECT_PREFIX) else "below full")
            submissions[f"mutant-{path.stem}"] = (apply_mutant(solution, path), expectation)
        students = list(submissions)
        shares = [students[k::workers] for k in range(min(workers, len(students)))]
        graders = [Course(Path(shutil.copytree(work.root, base / f"grader-{k}"))) for k in range(len(shares))]
        for grader in graders:  # each its own gradebook: they grade at the same time
            write_scratch_config(course, grader.root)

        def autograde(grader: Course, share: list[str]) -> dict[str, tuple[float, float]]:
            for student in share:
                folder = grader.folder("submitted", assignment, student)
                folder.mkdir(parents=True)
                nbformat.write(submissions[student][0], folder / f"{assignment}.ipynb")
            grader.nbgrader("autograde", assignment, "--force")
            with Gradebook(grader.gradebook()[0]) as gradebook:
                return {student: _score(gradebook, assignment, student) for student in share}

        with ThreadPoolExecutor(max_workers=len(shares)) as pool:
            scores = {}
            for graded in pool.map(autograde, graders, shares):
                scores.update(graded)
        return [ProofRow(student, *scores[student], submissions[student][1]) for student in students]


def _score(gradebook: Gradebook, assignment: str, student: str) -> tuple[float, float]:
    submission = gradebook.find_submission(assignment, student)
    return submission.score, submission.max_score


def format_table(assignment: str, rows: list[ProofRow]) -> str:
    width = max(len(row.submission) for row in rows)
    lines = [f"{assignment}", f"  {'submission':<{width}}  score    max  expected    ok"]
    for row in rows:
        lines.append(
            f"  {row.submission:<{width}}  {row.score:5.1f}  {row.max_score:5.1f}  "
            f"{row.expectation:<10}  {'yes' if row.passed else 'NO'}"
        )
    return "\n".join(lines)
