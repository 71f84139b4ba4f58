"""Grade a whole class: every submission of an assignment, in parallel, then one summary.

    report = grade_assignment(Course.find(), "01_minibatch_sgd", workers=2)
    print(format_summary(report))

Each student is graded in its own workspace and processes (student.py); this module
only fans out, records each result in the course's gradebook as it arrives (the single
writer), and writes the grades CSV.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from tqdm import tqdm

from ..course import Course, CourseError
from ..lms import grade_rows
from .gradebook import copy_assignment, new_gradebook, open_gradebook, record_grades
from .sandbox import SandboxError, require_bwrap
from .student import ClassSetup, GradingLimits, StudentResult, grade_student


@dataclass(frozen=True)
class ClassReport:
    assignment: str
    results: list[StudentResult]   # by student name
    csv_path: Path
    seconds: float


def grade_assignment(
    course: Course,
    assignment: str,
    *,
    workers: int | None = None,
    limits: GradingLimits = GradingLimits(),
    csv_path: Path | None = None,
    progress: bool = True,
    shard: tuple[int, int] = (1, 1),
) -> ClassReport:
    """Autograde every submitted/<student>/<assignment>/ of `course` with `workers` processes
    at a time (default: one per CPU core), record the grades in the course's gradebook,
    write autograded/ and feedback/ (hidden tests removed) and the grades CSV
    (default: <course>/grades/<assignment>.csv).

    `shard=(k, n)` grades only the k-th of n equal shares of the sorted students: n machines,
    each running shard k of n into one gradebook that nbgrader shares (db_url, e.g.
    PostgreSQL), grade a class together; `nbgrader export` then writes everyone's grades.
    """
    start = time.perf_counter()
    course.check_assignment(assignment)
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    _require_sandbox()
    index, count = shard
    if not 1 <= index <= count:
        raise ValueError(f"shard {index}/{count}: give k/n with 1 <= k <= n")
    students = submitted_students(course, assignment)[index - 1::count]
    if limits.cell_timeout_s is None:
        limits = replace(limits, cell_timeout_s=course.cell_timeout_s)
    release_path = course.release_notebook(assignment)
    if not release_path.is_file():
        raise CourseError(f"no release {release_path}: run `sgdcourse exercises build {assignment}` first")
    db_url, course_id = course.gradebook()
    results = []
    with tempfile.TemporaryDirectory(prefix="sgdcourse-grade-") as work, \
            open_gradebook(db_url, course_id) as gradebook:
        work_dir = Path(work)
        template = work_dir / "template.db"
        with new_gradebook(template, course_id) as fresh:
            copy_assignment(gradebook, fresh, assignment)
        setup = ClassSetup(course, assignment, course_id, nbformat.read(release_path, as_version=4),
                           template, work_dir, limits)
        max_score = gradebook.find_assignment(assignment).max_score
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_grade_safely, setup, student, f"s{index:03d}"): student
                       for index, student in enumerate(students)}
            for future in tqdm(as_completed(futures), total=len(futures), desc=f"grading {assignment}",
                               unit="student", disable=not progress):
                result = future.result()
                result.score = record_grades(gradebook, assignment, result.student, result.scores)
                result.max_score = max_score
                results.append(result)
        results.sort(key=lambda result: result.student)
        csv_path = csv_path or course.root / "grades" / f"{assignment}.csv"
        write_csv(gradebook, assignment, [result.student for result in results], csv_path)
    return ClassReport(assignment, results, csv_path, time.perf_counter() - start)


def submitted_students(course: Course, assignment: str) -> list[str]:
    """Students with a folder submitted/<student>/<assignment>/, sorted."""
    submitted = course.step_root("submitted")
    students = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())
    if not students:
        raise CourseError(f"no submissions: nothing matches {submitted}/<student>/{assignment}/")
    return students


def write_csv(gradebook: Gradebook, assignment: str, students: list[str], path: Path) -> None:
    """The course's export (grading/lms.py: a column per graded part, then the total) of `students`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as file:
        csv.writer(file).writerows(grade_rows(gradebook, [assignment], students))


def format_summary(report: ClassReport) -> str:
    """The table instructors read: student, score, max, status, notes."""
    width = max(len("student"), *(len(result.student) for result in report.results))
    lines = [f"{'student':<{width}}  score    max  status      notes"]
    for result in report.results:
        lines.append(f"{result.student:<{width}}  {result.score:5.1f}  {result.max_score:5.1f}  "
                     f"{result.status:<10}  {'; '.join(result.notes)}")
    not_graded = sum(result.status != "graded" for result in report.results)
    lines.append(f"{len(report.results)} submissions, {not_graded} not graded, "
                 f"{report.seconds:.0f} s; grades in {report.csv_path}")
    return "\n".join(lines)


def _grade_safely(setup: ClassSetup, student: str, slot: str) -> StudentResult:
    """grade_student, but a failure of the grading itself also stays this student's problem."""
    try:
        return grade_student(setup, student, slot)
    except Exception as error:  # noqa: BLE001 — one student must never stop the class
        return StudentResult(student, "not graded", [f"grading error: {type(error).__name__}: {error}"])
    finally:
        shutil.rmtree(setup.work_dir / slot, ignore_errors=True)


def _require_sandbox() -> None:
    require_bwrap()
    if os.geteuid() != 0:
        raise SandboxError("grading runs each student's code as `nobody` in a sandbox, "
                           "which needs root: run `sgdcourse grade` as root (e.g. in the grading container)")
