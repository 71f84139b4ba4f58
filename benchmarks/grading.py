"""Class grading time: `sgdcourse grade` with 1 worker and with N (default 2), and plain
`nbgrader autograde` with nbgrader's own in-kernel Execute (what an instructor would
otherwise run: no sandbox, the tests in the student's kernel), same class, same machine.

    .venv/bin/python benchmarks/grading.py [--students 12] [--workers 2]

Builds a scratch copy of the course with a class of 01_minibatch_sgd submissions (the
solution's answers, the untouched release and the mutants, in turn), grades it each way,
and prints wall times, students per core-minute and the ratios. Needs root and
bubblewrap, like `sgdcourse grade`.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import os
import tempfile
import time
from pathlib import Path

import nbformat

from sgdcourse.grading.classroom import GradingLimits, grade_assignment
from sgdcourse.grading.classroom.repair import grade_id
from sgdcourse.grading.course import Course, build_release, read_myst_notebook
from sgdcourse.grading.proof import mutant_cells

ASSIGNMENT = "01_minibatch_sgd"
ANSWER_CELLS = ("shuffled_batches", "sgd_linear_regression")


def submissions(course: Course) -> itertools.cycle:
    """Correct, untouched and mutant notebooks, endlessly in turn."""
    release = nbformat.read(build_release(course, ASSIGNMENT), as_version=4)
    solution = read_myst_notebook(course.source_markdown(ASSIGNMENT))
    solution_answers = {c.metadata.nbgrader["grade_id"]: c.source for c in solution.cells if grade_id(c) in ANSWER_CELLS}
    variants = [solution_answers, {}] + [{**solution_answers, **mutant_cells(p)} for p in course.mutants(ASSIGNMENT)]
    notebooks = []
    for answers in variants:
        notebook = copy.deepcopy(release)
        for cell in notebook.cells:
            cell.source = answers.get(grade_id(cell), cell.source)
        notebooks.append(notebook)
    return itertools.cycle(notebooks)


def a_class(tmp: str, students: int) -> Course:
    course = Course.find(Path(__file__)).scratch_copy(Path(tmp), [ASSIGNMENT])
    for index, notebook in zip(range(students), submissions(course)):
        folder = course.root / "submitted" / f"student-{index:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
    return course


def plain_nbgrader_seconds(students: int) -> float:
    """`nbgrader autograde` as nbgrader ships it: each notebook in one kernel, tests included."""
    with tempfile.TemporaryDirectory(prefix="bench-nbgrader-") as tmp:
        course = a_class(tmp, students)
        with (course.root / "nbgrader_config.py").open("a") as config:
            config.write("\nfrom nbgrader.converters import Autograde\n"
                         "c.Autograde.autograde_preprocessors = "
                         "Autograde.class_traits()['autograde_preprocessors'].default()\n")
        start = time.perf_counter()
        course.nbgrader("autograde", ASSIGNMENT, "--force")
        return time.perf_counter() - start


def grading_seconds(students: int, workers: int) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        course = a_class(tmp, students)
        report = grade_assignment(course, ASSIGNMENT, workers=workers, limits=GradingLimits(cell_timeout_s=60),
                                  progress=False)
        failed = [r.student for r in report.results if r.status != "graded"]
        if failed:
            raise SystemExit(f"not graded: {failed}")
        return report.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2, help=f"compared with 1 (this machine: {os.cpu_count()} cores)")
    args = parser.parse_args()
    plain = plain_nbgrader_seconds(args.students)
    one = grading_seconds(args.students, 1)
    many = grading_seconds(args.students, args.workers)
    n = args.students
    print(f"{n} students of {ASSIGNMENT} on {os.cpu_count()} cores")
    print(f"  plain nbgrader autograde (1 process)   : {plain:6.1f} s  "
          f"({n / (plain / 60):.1f} students per core-minute)")
    print(f"  sgdcourse grade, 1 worker              : {one:6.1f} s  "
          f"({n / (one / 60):.1f} students per core-minute; {one / plain:.2f}x plain nbgrader's time)")
    print(f"  sgdcourse grade, {args.workers} workers             : {many:6.1f} s  "
          f"({n / (many * args.workers / 60):.1f} students per core-minute; speed-up {one / many:.2f}x)")


if __name__ == "__main__":
    main()
