"""The grading proof: the real ``nbgrader autograde`` tells right from wrong.

For an assignment it grades, in a scratch copy of the course:

    solution   the instructor notebook               → must earn full marks
    release    the untouched student notebook         → must earn 0
    <mutant>   the solution with a known mistake      → must earn less than full marks
               (a mutant named implements_nothing_* → must earn 0: a cheat, not an answer;
               one named correct_* is a right but unusual answer → must earn full marks)

A mutant is a file ``solutions/<a>/mutants/<mistake>.py``: a docstring saying what the
student got wrong, then one section per changed cell, headed by the cell's grade_id. A
section either replaces the whole cell (an answer written differently throughout):

    \"\"\"Ignores the generator: not reproducible.\"\"\"
    # %% shuffled_batches
    def shuffled_batches(...):
        ...

or, headed ``# %% <grade_id> (edit)``, changes only the lines of the solution's cell that
carry the mistake, so the rest of the answer is not copied: each hunk is the solution's
lines, each prefixed with ``-``, then their replacement, each prefixed with ``+`` (none:
delete them); an unprefixed empty line separates hunks. A hunk must match exactly one
place in the cell, so a mutant that no longer fits the solution fails loudly:

    \"\"\"Adam without bias correction.\"\"\"
    # %% adam_step (edit)
    -    m_hat = m_new / (1 - beta1**t)
    -    v_hat = v_new / (1 - beta2**t)
    +    m_hat, v_hat = m_new, v_new
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

SECTION = re.compile(r"^# %% (\S+)( \(edit\))?[ \t]*$", re.MULTILINE)
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


@dataclass(frozen=True)
class MutantSection:
    grade_id: str
    body: str
    is_edit: bool

    def apply(self, source: str, path: Path) -> str:
        """The cell's new source: the body itself, or ``source`` with the body's hunks applied."""
        if not self.is_edit:
            return self.body.strip() + "\n"
        lines = source.splitlines()
        for removed, added in _hunks(self.body, path, self.grade_id):
            places = [i for i in range(len(lines) - len(removed) + 1) if lines[i:i + len(removed)] == removed]
            if len(places) != 1:
                raise CourseError(
                    f"{path}: in cell {self.grade_id!r} the lines to replace occur {len(places)} times "
                    "(need exactly once; did the solution change?):\n" + "\n".join(removed))
            lines[places[0]:places[0] + len(removed)] = added
        return "\n".join(lines) + "\n"


def _hunks(body: str, path: Path, grade_id: str) -> list[tuple[list[str], list[str]]]:
    hunks: list[tuple[list[str], list[str]]] = []
    for block in re.split(r"\n[ \t]*\n", body.strip("\n")):
        removed, added = [], []
        for line in block.splitlines():
            if line.startswith("-") and not added:
                removed.append(line[1:])
            elif line.startswith("+"):
                added.append(line[1:])
            else:
                raise CourseError(f"{path}: edit of {grade_id!r}: each hunk is '-' lines then '+' lines, "
                                  f"hunks separated by an empty line; got {line!r}")
        if not removed:
            raise CourseError(f"{path}: edit of {grade_id!r}: a hunk needs the solution's lines ('-') to replace")
        hunks.append((removed, added))
    return hunks


def mutant_sections(path: Path) -> list[MutantSection]:
    """The sections of a mutant file, in order."""
    text = path.read_text()
    parts = SECTION.split(text)
    if len(parts) < 4 or not ast.get_docstring(ast.parse(parts[0])):
        raise CourseError(
            f"{path}: a mutant starts with a docstring naming the mistake, followed by "
            "one or more sections headed '# %% <grade_id>' or '# %% <grade_id> (edit)'"
        )
    return [MutantSection(grade_id, body, bool(edit))
            for grade_id, edit, body in zip(parts[1::3], parts[2::3], parts[3::3])]


def mutant_cells(path: Path, solution_cells: dict[str, str]) -> dict[str, str]:
    """grade_id → the mutant's source for that cell, given the solution's ``grade_id → source``."""
    cells = {}
    for section in mutant_sections(path):
        if section.grade_id not in solution_cells:
            raise CourseError(f"{path}: no cell with grade_id {section.grade_id!r} in the solution")
        cells[section.grade_id] = section.apply(solution_cells[section.grade_id], path)
    return cells


def apply_mutant(solution: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """A copy of the solution notebook with the mutant's cells swapped in."""
    mutant = nbformat.from_dict(solution)
    cells = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in mutant.cells}
    for grade_id, source in mutant_cells(path, {gid: cell.source for gid, cell in cells.items()}).items():
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
