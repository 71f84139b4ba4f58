"""The instructor's path with plain nbgrader, on a fresh copy of the course: generate → collect an
LMS's zip → autograde → feedback → export, and a class graded in shards into one gradebook."""

from __future__ import annotations

import copy
import csv
import html
import re
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pytest

from sgdcourse.grading.classroom import GradingLimits, grade_assignment
from sgdcourse.grading.classroom.feedback import hidden_lines
from sgdcourse.grading.course import Course, assignment_notebook, build_release
from sgdcourse.grading.lms import collect_zip

COURSE = Course.find(__file__)
ASSIGNMENT = "01_minibatch_sgd"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def answered(release, solution_source: Path):
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in jupytext.read(solution_source).cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in answers:
            cell.source = answers[cell.metadata["nbgrader"]["grade_id"]]
    return notebook


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A fresh course after the documented set-up (`sgdcourse exercises build`)."""
    course = COURSE.scratch_copy(tmp_path_factory.mktemp("course"), [ASSIGNMENT])
    build_release(course, ASSIGNMENT)
    return course


@pytest.fixture(scope="module")
def notebooks(course):
    release = nbformat.read(course.release_notebook(ASSIGNMENT), as_version=4)
    return {"right": nbformat.writes(answered(release, course.source_markdown(ASSIGNMENT))),
            "untouched": nbformat.writes(release)}


def test_plain_nbgrader_walk_from_canvas_zip_to_export(course, notebooks, tmp_path):
    assert course.nbgrader("generate_assignment", ASSIGNMENT, "--force").returncode == 0
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        # Canvas's zip holds each student's latest file; a resubmitted one gets "-<n>" in its name.
        zip_file.writestr(f"adalovelace_LATE_1001_5552_{ASSIGNMENT}-1.ipynb", notebooks["right"])
        zip_file.writestr(f"bobbyfischer_1002_5553_{NOTEBOOK}", notebooks["untouched"])
    collect_zip(course, ASSIGNMENT, archive, "canvas")
    submitted = course.root / "submitted"
    assert sorted(p.parent.name for p in submitted.glob(f"*/{ASSIGNMENT}")) == ["1001", "1002"]
    assert (submitted / "1001" / ASSIGNMENT / NOTEBOOK).read_text() == notebooks["right"]

    for step in (["autograde", ASSIGNMENT, "--force"], ["generate_feedback", ASSIGNMENT, "--force"],
                 ["export", "--to", "grades.csv"]):
        result = course.nbgrader(*step)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

    with (course.root / "grades.csv").open() as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert {student: row[f"{ASSIGNMENT}:total"] for student, row in rows.items()} == {"1001": "10", "1002": "0"}
    parts = [key for key in rows["1001"] if key.startswith(f"{ASSIGNMENT}:test_")]
    assert len(parts) == 5 and sum(float(rows["1001"][key]) for key in parts) == 10

    secrets = hidden_lines(assignment_notebook(course, ASSIGNMENT))
    for student in ("1001", "1002"):
        page = (course.root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
        text = html.unescape(re.sub(r"<[^>]*>", "", page))
        assert [line for line in secrets if line in text] == [], student

    assert course.nbgrader("export", "--to", "canvas.csv", "--PartsExport.layout=canvas").returncode == 0
    with (course.root / "canvas.csv").open() as file:
        canvas = list(csv.reader(file))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert canvas[1][0] == "Points Possible" and canvas[1][-1] == "10"
    assert {row[1]: row[-1] for row in canvas[2:]} == {"1001": "10", "1002": "0"}


def test_moodle_zip_is_filed_by_participant_id(course, notebooks, tmp_path):
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        zip_file.writestr(f"Grace Hopper_2001_assignsubmission_file_/{NOTEBOOK}", notebooks["right"])
        zip_file.writestr(f"Alan Turing_2002_assignsubmission_file_/{NOTEBOOK}", notebooks["untouched"])
    collect_zip(course, ASSIGNMENT, archive, "moodle")
    for student, kind in (("2001", "right"), ("2002", "untouched")):
        assert (course.root / "submitted" / student / ASSIGNMENT / NOTEBOOK).read_text() == notebooks[kind]


def test_a_class_graded_in_shards_fills_one_gradebook(tmp_path, notebooks):
    course = COURSE.scratch_copy(tmp_path / "course", [ASSIGNMENT])
    build_release(course, ASSIGNMENT)
    for student, kind in (("ada", "right"), ("bob", "untouched"), ("cy", "right")):
        folder = course.root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(notebooks[kind])
    limits = GradingLimits(cell_timeout_s=60, notebook_timeout_s=300)
    first = grade_assignment(course, ASSIGNMENT, workers=1, limits=limits, progress=False, shard=(1, 2),
                             csv_path=tmp_path / "shard-1.csv")
    second = grade_assignment(course, ASSIGNMENT, workers=1, limits=limits, progress=False, shard=(2, 2),
                              csv_path=tmp_path / "shard-2.csv")
    assert [r.student for r in first.results] == ["ada", "cy"] and [r.student for r in second.results] == ["bob"]
    assert course.nbgrader("export", "--to", "all.csv").returncode == 0
    with (course.root / "all.csv").open() as file:
        totals = {row["student_id"]: row[f"{ASSIGNMENT}:total"] for row in csv.DictReader(file)}
    assert totals == {"ada": "10", "bob": "0", "cy": "10"}


def test_every_folder_and_the_gradebook_follow_nbgrader_config(tmp_path, notebooks):
    """An instructor who renames nbgrader's folders or moves the gradebook in nbgrader_config.py gets
    `sgdcourse` following them, as plain nbgrader does."""
    course = COURSE.scratch_copy(tmp_path / "course", [ASSIGNMENT])
    gradebook = tmp_path / "elsewhere" / "marks.db"
    gradebook.parent.mkdir()
    with (course.root / "nbgrader_config.py").open("a") as config:
        config.write(f"\nc.CourseDirectory.release_directory = 'handouts'\n"
                     f"c.CourseDirectory.submitted_directory = 'handins'\n"
                     f"c.CourseDirectory.autograded_directory = 'marked'\n"
                     f"c.CourseDirectory.feedback_directory = 'returned'\n"
                     f"c.CourseDirectory.db_url = 'sqlite:///{gradebook}'\n"
                     f"c.TrustedExecute.timeout = 45\n")
    assert course.cell_timeout_s == 45
    assert build_release(course, ASSIGNMENT) == course.root / "handouts" / ASSIGNMENT / NOTEBOOK

    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        zip_file.writestr(f"adalovelace_1001_5552_{NOTEBOOK}", notebooks["right"])
        zip_file.writestr(f"bobbyfischer_1002_5553_{NOTEBOOK}", notebooks["untouched"])
    collect_zip(course, ASSIGNMENT, archive, "canvas")
    assert sorted(p.parent.name for p in (course.root / "handins").glob(f"*/{ASSIGNMENT}")) == ["1001", "1002"]

    report = grade_assignment(course, ASSIGNMENT, workers=1, progress=False,
                              limits=GradingLimits(notebook_timeout_s=300))
    assert {r.student: r.score for r in report.results} == {"1001": 10.0, "1002": 0.0}
    for student in ("1001", "1002"):
        assert (course.root / "marked" / student / ASSIGNMENT / NOTEBOOK).is_file()
        assert (course.root / "returned" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
    assert not any((course.root / name).exists() for name in ("submitted", "autograded", "feedback", "gradebook.db"))
    assert course.nbgrader("export", "--to", "all.csv").returncode == 0  # plain nbgrader reads the same gradebook
    with (course.root / "all.csv").open() as file:
        totals = {row["student_id"]: row[f"{ASSIGNMENT}:total"] for row in csv.DictReader(file)}
    assert totals == {"1001": "10", "1002": "0"}
