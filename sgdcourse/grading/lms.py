"""To and from a learning management system: submissions in from its zip, grades out as CSV.

In: Canvas ("Download Submissions") and Moodle ("Download all submissions") hand out one
zip per assignment. `nbgrader zip_collect` files them under submitted/<student>/ by
matching each extracted path against a regular expression (nbgrader's
FileNameCollectorPlugin.named_regexp); `SUBMISSION_NAMES` holds the one for each LMS,
and `collect_zip` runs it:

    Canvas   <lastfirst>_[LATE_]<user id>_<submission id>_<file>[-<n>].ipynb     student = user id
    Moodle   <Full Name>_<participant id>_assignsubmission_file_/<file>.ipynb     student = participant id

(`-<n>` is what Canvas appends to a resubmitted file's name.)

Out: `PartsExport`, nbgrader's export plugin for this course (nbgrader_config.py), writes
one row per student with a column per graded part and the total, for every assignment:
`nbgrader export` and `sgdcourse grade` write the same format. `layout="canvas"` writes
Canvas's gradebook-import columns instead (Student, ID, SIS User ID, SIS Login ID,
Section, then "<assignment>" per assignment; a "Points Possible" row first), with the
nbgrader student id as Canvas's user ID, as `collect_zip` files them.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Unicode

from .course import Course, CourseError

SUBMISSION_NAMES = {
    "canvas": r".*/[^/_]+_(?:LATE_)?(?P<student_id>\d+)_\d+_(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$",
    "moodle": r".*/[^/]+_(?P<student_id>\d+)_assignsubmission_file_/(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$",
}


def collect_zip(course: Course, assignment: str, archive: Path, lms: str) -> None:
    """File the submissions in `archive` (an LMS's zip) under submitted/<student>/<assignment>/."""
    if lms not in SUBMISSION_NAMES:
        raise CourseError(f"unknown LMS {lms!r}; known: {', '.join(SUBMISSION_NAMES)}")
    downloaded = archive_folder(course, assignment)
    downloaded.mkdir(parents=True, exist_ok=True)
    shutil.copy2(archive, downloaded / Path(archive).name)
    course.nbgrader("zip_collect", assignment, "--force",
                    f"--FileNameCollectorPlugin.named_regexp={SUBMISSION_NAMES[lms]}")


def archive_folder(course: Course, assignment: str) -> Path:
    """Where `nbgrader zip_collect` looks for the LMS's zips, as the course's config lays it out
    (default downloaded/<assignment>/archive)."""
    from nbgrader.apps.zipcollectapp import ZipCollectApp

    app = ZipCollectApp(config=course.config)
    relative = app.collect_directory_structure.format(
        downloaded=app.downloaded_directory, assignment_id=assignment, collect_step=app.archive_directory)
    return course.root / relative


class PartsExport(ExportPlugin):
    """Grades with one column per graded part: `nbgrader export` for this course (see module doc)."""

    layout = Unicode("parts", help="'parts': student, a column per graded part and the total, per assignment; "
                                   "'canvas': Canvas's gradebook-import columns").tag(config=True)

    def export(self, gradebook: Gradebook) -> None:
        rows = grade_rows(gradebook, [str(a) for a in self.assignment], [str(s) for s in self.student],
                          self.layout)
        destination = Path(self.to or "grades.csv")
        destination.parent.mkdir(parents=True, exist_ok=True)
        with destination.open("w", newline="") as file:
            csv.writer(file).writerows(rows)
        self.log.info("Exported grades to %s", destination)


def grade_rows(gradebook: Gradebook, assignments: list[str] | None = None, students: list[str] | None = None,
               layout: str = "parts") -> list[list]:
    """The export's rows, header first (see PartsExport)."""
    chosen = [a for a in gradebook.assignments if not assignments or a.name in assignments]
    people = sorted((s for s in gradebook.students if not students or s.id in students), key=lambda s: s.id)
    if layout == "canvas":
        header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *(a.name for a in chosen)]
        rows = [header, ["Points Possible", "", "", "", "", *(f"{a.max_score:g}" for a in chosen)]]
        for student in people:
            name = ", ".join(part for part in (student.last_name, student.first_name) if part) or student.id
            rows.append([name, student.id, "", "", "", *(f"{_parts(gradebook, a, student.id)[1]:g}" for a in chosen)])
        return rows
    if layout != "parts":
        raise ValueError(f"unknown export layout {layout!r}: 'parts' or 'canvas'")
    parts = {a.name: [cell.name for notebook in a.notebooks for cell in notebook.grade_cells] for a in chosen}
    header = ["student_id", "last_name", "first_name", "email"]
    for assignment in chosen:
        header += [f"{assignment.name}:{part}" for part in parts[assignment.name]] + [f"{assignment.name}:total"]
    rows = [header]
    for student in people:
        row = [student.id, student.last_name or "", student.first_name or "", student.email or ""]
        for assignment in chosen:
            scores, total = _parts(gradebook, assignment, student.id)
            row += [f"{scores.get(part, 0.0):g}" for part in parts[assignment.name]] + [f"{total:g}"]
        rows.append(row)
    return rows


def _parts(gradebook: Gradebook, assignment, student: str) -> tuple[dict[str, float], float]:
    """({part: score}, total after the late penalty); zeros when nothing was submitted."""
    try:
        submission = gradebook.find_submission(assignment.name, student)
    except MissingEntry:
        return {}, 0.0
    scores = {grade.name: float(grade.score) for notebook in submission.notebooks for grade in notebook.grades}
    return scores, max(0.0, submission.score - (submission.late_submission_penalty or 0.0))
