"""Class grading: a synthetic class of 24 submissions of 01_minibatch_sgd — correct, wrong
(the assignment's mutants) and hostile — graded in parallel in the sandbox.

The class is graded once per module (about 2–3 minutes on 2 cores); the unit tests of the
repair, scrubbing and sandbox pieces need no kernel.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from sgdcourse.cli import main
from sgdcourse.grading.classroom import GradingLimits, format_summary, grade_assignment
from sgdcourse.grading.classroom.feedback import (
    HIDDEN_FRAME, hidden_lines, leaked_hidden_lines, scrub_hidden_tests,
)
from sgdcourse.grading.classroom.repair import (
    UnreadableSubmission, grade_id, read_submission, repair_submission,
)
from sgdcourse.grading.classroom.sandbox import KernelLimits, Sandbox
from sgdcourse.grading.course import Course, build_release, read_myst_notebook
from sgdcourse.grading.proof import mutant_cells

ASSIGNMENT = "01_minibatch_sgd"
COURSE = Course.find(__file__)
CELL_TIMEOUT_S = 10
NOTEBOOK_TIMEOUT_S = 150
# Seven mutants, each a distinct mistake, with the points the hidden tests leave them.
MUTANT_SCORES = {
    "drops_last_batch_silently": 6.0,
    "global_random_state": 6.0,
    "no_reshuffle": 6.0,
    "off_by_one_batch_count": 6.0,
    "one_step_per_epoch": 8.0,
    "samples_with_replacement": 4.0,
    "sums_gradient_over_batch": 6.0,
}


# ---------------------------------------------------------------- building submissions

def answered(release, answers: dict[str, str]):
    """The release with some answer cells filled in (what a student hands in)."""
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return notebook


def cell(notebook, gid: str):
    return next(c for c in notebook.cells if grade_id(c) == gid)


def with_prefix(notebook, gid: str, code: str):
    cell(notebook, gid).source = code + "\n" + cell(notebook, gid).source
    return notebook


def with_suffix(notebook, gid: str, code: str):
    cell(notebook, gid).source += "\n" + code
    return notebook


def submit(course: Course, student: str, submission) -> None:
    """Hand in a notebook (or raw bytes) as submitted/<student>/<assignment>/<assignment>.ipynb."""
    folder = course.root / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    target = folder / f"{ASSIGNMENT}.ipynb"
    if isinstance(submission, bytes):
        target.write_bytes(submission)
    else:
        nbformat.write(submission, target)


def probe(paths: dict[str, Path], mode: str) -> str:
    """Code that tries to read (mode "rb") or overwrite (mode "wb") each path and prints the outcome."""
    return "\n".join([
        "import os, socket",
        f"for label, path in {dict((k, str(v)) for k, v in paths.items())!r}.items():",
        "    try:",
        f"        with open(path, {mode!r}) as file:",
        "            file.read() if 'r' in file.mode else file.write(b'overwritten by a student')",
        "        print('PROBE', label, 'ALLOWED')",
        "    except OSError as error:",
        "        print('PROBE', label, 'DENIED', type(error).__name__)",
        "try:",
        "    socket.create_connection(('192.0.2.1', 80), timeout=2)",
        "    print('PROBE network ALLOWED')",
        "except OSError as error:",
        "    print('PROBE network DENIED', type(error).__name__)",
        "print('PROBE uid', os.getuid())",
    ])


def the_class(course: Course, release, solution) -> dict[str, tuple[object, float]]:
    """student → (submitted notebook or raw bytes, expected score)."""
    answers = {gid: cell(solution, gid).source for gid in ("shuffled_batches", "sgd_linear_regression")}
    correct = lambda: answered(release, answers)  # noqa: E731
    root = course.root
    secrets = {
        "source-notebook": course.source_notebook(ASSIGNMENT),
        "source-markdown": course.source_markdown(ASSIGNMENT),
        "course-gradebook": root / "gradebook.db",
        "own-scratch-gradebook": Path("../../../gradebook.db"),
        "other-student": root / "submitted" / "correct-1" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
    }
    writes = {**secrets, "system-file": Path("/etc/hostname"), "own-folder": Path("scratch.txt")}

    tampered = copy.deepcopy(release)
    cell(tampered, "test_batch_count").metadata.nbgrader["points"] = 100
    cell(tampered, "test_batch_count").source = "pass"
    cell(tampered, "test_every_index_once").metadata.nbgrader.update(solution=True, locked=False)
    cell(tampered, "test_every_index_once").source = "pass"
    cell(tampered, "setup").source += "\nshuffled_batches = lambda *args, **kwargs: []"

    deleted = correct()
    deleted.cells = [c for c in deleted.cells if grade_id(c) not in ("test_sgd_reaches_least_squares", "setup")]
    stripped = correct()
    cell(stripped, "test_minibatch_gradient").id = "pasted-into-a-new-notebook"  # found by its source
    for gid in ("test_batch_count", "shuffled_batches", "test_minibatch_gradient"):
        del cell(stripped, gid).metadata["nbgrader"]
    picky_gradient = answers["sgd_linear_regression"].replace(
        '    """g_B(w) = X_Bᵀ (X_B w − y_B) / |B|."""',
        '    """g_B(w) = X_Bᵀ (X_B w − y_B) / |B|."""\n'
        '    if len(y_batch) < 2:\n        raise ValueError("a batch needs two samples")',
    )
    assert picky_gradient != answers["sgd_linear_regression"]

    students = {
        "correct-1": (correct(), 10.0),
        "correct-2": (correct(), 10.0),
        "untouched-release": (copy.deepcopy(release), 0.0),
        # Cell stopped at the time limit before the definitions: only minibatch_gradient's 2 points.
        "infinite-loop": (with_prefix(correct(), "shuffled_batches", "while True:\n    pass"), 2.0),
        "loop-in-except": (with_prefix(correct(), "shuffled_batches",
                                       "try:\n    while True:\n        pass\n"
                                       "except KeyboardInterrupt:\n    while True:\n        pass"), 2.0),
        # Never answers again after part 1: keeps part 1's 6 points, its last two cells time out.
        "swallows-interrupt": (with_suffix(correct(), "sgd_linear_regression",
                                           "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n"
                                           "    except KeyboardInterrupt:\n        pass"), 6.0),
        "import-error": (with_prefix(correct(), "sgd_linear_regression", "import torchh"), 6.0),
        "not-json": (b'{"cells": [', 0.0),
        "allocates-10-GB": (with_suffix(correct(), "shuffled_batches",
                                        "hoard = torch.ones(10 * 2**30, dtype=torch.uint8)"), 10.0),
        "tampers-metadata": (tampered, 0.0),
        "calls-sys-exit": (with_prefix(correct(), "sgd_linear_regression", "import sys\nsys.exit(0)"), 6.0),
        "kills-its-kernel": (with_prefix(correct(), "sgd_linear_regression", "import os\nos._exit(3)"), 0.0),
        "reads-secrets": (with_suffix(correct(), "shuffled_batches", probe(secrets, "rb")), 10.0),
        "writes-everywhere": (with_suffix(correct(), "shuffled_batches", probe(writes, "wb")), 10.0),
        "deleted-cells": (deleted, 10.0),
        "stripped-metadata": (stripped, 10.0),
        # Raises inside a hidden test (a batch of one): only that test's 2 points are lost.
        "raises-in-hidden-test": (answered(release, {**answers, "sgd_linear_regression": picky_gradient}), 8.0),
    }
    for path in course.mutants(ASSIGNMENT):
        if path.stem in MUTANT_SCORES:
            mutant = answered(correct(), mutant_cells(path))
            students[f"mutant-{path.stem}"] = (mutant, MUTANT_SCORES[path.stem])
    return students


# ---------------------------------------------------------------- the graded class

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = COURSE.scratch_copy(tmp_path_factory.mktemp("class"), [ASSIGNMENT])
    release = nbformat.read(build_release(course, ASSIGNMENT), as_version=4)
    solution = read_myst_notebook(course.source_markdown(ASSIGNMENT))
    students = the_class(course, release, solution)
    for student, (submission, _) in students.items():
        submit(course, student, submission)
    other_student_file = course.root / "submitted" / "correct-1" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    before = other_student_file.read_bytes()
    limits = GradingLimits(cell_timeout_s=CELL_TIMEOUT_S, notebook_timeout_s=NOTEBOOK_TIMEOUT_S)
    report = grade_assignment(course, ASSIGNMENT, workers=2, limits=limits, progress=False)
    print(format_summary(report))
    return course, students, report, before, other_student_file


def test_class_has_24_submissions_of_every_kind(graded):
    _, students, report, *_ = graded
    assert len(report.results) == len(students) >= 24


def test_every_student_gets_exactly_the_expected_score(graded):
    course, students, report, *_ = graded
    got = {result.student: result.score for result in report.results}
    assert got == {student: expected for student, (_, expected) in students.items()}
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", "sgdcourse") as gradebook:
        for student, (_, expected) in students.items():
            submission = gradebook.find_submission(ASSIGNMENT, student)
            assert (submission.score, submission.max_score) == (expected, 10.0), student


def test_bad_submissions_are_reported(graded):
    _, _, report, *_ = graded
    notes = {result.student: "; ".join(result.notes) for result in report.results}
    status = {result.student: result.status for result in report.results}
    assert status["not-json"] == "not graded" and "not a valid notebook" in notes["not-json"]
    assert status["kills-its-kernel"] == "not graded" and "kernel died" in notes["kills-its-kernel"]
    assert "shuffled_batches: stopped at the 10 s cell time limit" in notes["infinite-loop"]
    assert "test_minibatch_gradient: stopped at the 10 s cell time limit" in notes["swallows-interrupt"]
    assert "restored deleted test cell 'test_sgd_reaches_least_squares'" in notes["deleted-cells"]
    assert "restored deleted cell 'setup'" in notes["deleted-cells"]
    for gid in ("test_batch_count", "shuffled_batches", "test_minibatch_gradient"):
        assert f"reattached the nbgrader metadata of '{gid}'" in notes["stripped-metadata"]
    assert "reset tampered nbgrader metadata of 'test_batch_count' (points)" in notes["tampers-metadata"]
    assert "reset tampered nbgrader metadata of 'test_every_index_once' (solution, locked)" in notes["tampers-metadata"]
    assert "restored edited locked cell 'setup'" in notes["tampers-metadata"]
    assert "shuffled_batches: RuntimeError" in notes["allocates-10-GB"]
    assert "sgd_linear_regression: SystemExit" in notes["calls-sys-exit"]
    assert "sgd_linear_regression: ModuleNotFoundError" in notes["import-error"]
    assert all(status[s] == "graded" for s in status if s not in ("not-json", "kills-its-kernel"))


def test_the_sandbox_hides_secrets_and_confines_writes(graded):
    course, _, _, before, other_student_file = graded

    def probes(student):
        notebook = json.loads((course.root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
        text = "".join("".join(o.get("text", "")) for c in notebook["cells"] for o in c.get("outputs", []))
        return dict(line.split(" ", 2)[1:] for line in text.splitlines() if line.startswith("PROBE"))

    read = probes("reads-secrets")
    for label in ("source-notebook", "source-markdown", "course-gradebook", "own-scratch-gradebook", "other-student"):
        assert read[label].startswith("DENIED"), (label, read[label])
    assert read["network"].startswith("DENIED") and read["uid"] == "65534"
    written = probes("writes-everywhere")
    for label in ("source-notebook", "course-gradebook", "other-student", "system-file"):
        assert written[label].startswith("DENIED"), (label, written[label])
    assert written["own-folder"] == "ALLOWED"
    assert other_student_file.read_bytes() == before


def test_feedback_never_shows_hidden_tests_but_keeps_check_messages(graded):
    course, _, report, *_ = graded
    solution = read_myst_notebook(course.source_markdown(ASSIGNMENT))
    secrets = hidden_lines(solution)
    assert len(secrets) > 20
    pages = {p.parts[-3]: p.read_text() for p in (course.root / "feedback").glob(f"*/{ASSIGNMENT}/*.html")}
    graded_students = {r.student for r in report.results if r.status == "graded"}
    assert set(pages) == graded_students
    for student, page in pages.items():
        text = html.unescape(re.sub(r"<[^>]*>", "", page))
        assert [s for s in secrets if s in text] == [], student
    raised = html.unescape(re.sub(r"<[^>]*>", "", pages["raises-in-hidden-test"]))
    assert HIDDEN_FRAME in raised and "ValueError: a batch needs two samples" in raised
    # Messages of failed hidden checks reach the student, their code does not.
    off_by_one = html.unescape(re.sub(r"<[^>]*>", "", pages["mutant-off_by_one_batch_count"]))
    assert "CheckFailed: batch sizes for N=1000, B=100" in off_by_one
    global_state = html.unescape(re.sub(r"<[^>]*>", "", pages["mutant-global_random_state"]))
    assert "CheckFailed: weights after 12 epochs on noisy data vs the reference" in global_state


def test_grades_csv_and_time_bound(graded):
    _, students, report, *_ = graded
    with report.csv_path.open() as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert {s: float(r["score"]) for s, r in rows.items()} == {s: e for s, (_, e) in students.items()}
    # 24 notebooks on 2 workers, three of them held up by time limits: well under the
    # sequential worst case of one notebook limit per student.
    assert report.seconds < 480


def test_grade_command_grades_a_class_and_prints_the_summary(tmp_path, capsys):
    course = COURSE.scratch_copy(tmp_path / "course", [ASSIGNMENT])
    release = nbformat.read(build_release(course, ASSIGNMENT), as_version=4)
    solution = read_myst_notebook(course.source_markdown(ASSIGNMENT))
    answers = {gid: cell(solution, gid).source for gid in ("shuffled_batches", "sgd_linear_regression")}
    submit(course, "ada", answered(release, answers))
    submit(course, "bob", release)
    csv_path = tmp_path / "grades.csv"
    status = main(["--root", str(course.root), "grade", ASSIGNMENT, "--workers", "2",
                   "--cell-timeout", str(CELL_TIMEOUT_S), "--csv", str(csv_path)])
    out = capsys.readouterr().out
    assert status == 0
    assert re.search(r"^ada\s+10\.0\s+10\.0\s+graded", out, re.M), out
    assert re.search(r"^bob\s+0\.0\s+10\.0\s+graded", out, re.M), out
    with csv_path.open() as file:
        assert {row["student"]: row["score"] for row in csv.DictReader(file)} == {"ada": "10", "bob": "0"}


def test_grade_command_with_nothing_submitted_says_where_it_looked(tmp_path, capsys):
    course = COURSE.scratch_copy(tmp_path / "course", [ASSIGNMENT])
    build_release(course, ASSIGNMENT)
    assert main(["--root", str(course.root), "grade", ASSIGNMENT]) == 2
    assert f"nothing matches {course.root}/submitted/<student>/{ASSIGNMENT}/" in capsys.readouterr().err


# ---------------------------------------------------------------- pieces, no kernel

@pytest.fixture(scope="module")
def release():
    return nbformat.read(COURSE.release_notebook(ASSIGNMENT), as_version=4)


def test_repair_restores_a_deleted_test_cell_at_its_place(release):
    submitted = copy.deepcopy(release)
    submitted.cells = [c for c in submitted.cells if grade_id(c) != "test_every_index_once"]
    submitted.cells.insert(4, nbformat.v4.new_code_cell("helper = 1"))  # the student's own cell
    repaired, notes = repair_submission(submitted, release)
    order = [grade_id(c) or c.source for c in repaired.cells]
    assert order[:7] == ["intro", "setup", "part1", "shuffled_batches", "helper = 1",
                         "test_batch_count", "test_every_index_once"]
    assert notes == ["restored deleted test cell 'test_every_index_once'"]


def test_repair_keeps_answers_and_resets_tampering(release):
    submitted = copy.deepcopy(release)
    cell(submitted, "shuffled_batches").source = "def shuffled_batches(*a): return 'mine'"
    cell(submitted, "shuffled_batches").metadata.nbgrader["points"] = 5
    cell(submitted, "test_batch_count").metadata.nbgrader["grade_id"] = "bonus"
    repaired, notes = repair_submission(submitted, release)
    assert cell(repaired, "shuffled_batches").source == "def shuffled_batches(*a): return 'mine'"
    assert "points" not in cell(repaired, "shuffled_batches").metadata.nbgrader
    assert cell(repaired, "test_batch_count").source == cell(release, "test_batch_count").source
    assert notes == [
        "removed nbgrader metadata from an unknown grade_id 'bonus' (ran as an ordinary cell)",
        "reset tampered nbgrader metadata of 'shuffled_batches' (points)",
        "restored deleted test cell 'test_batch_count'",
    ]


def test_unreadable_submissions_say_why(tmp_path):
    (tmp_path / "a.ipynb").write_text("{not json")
    (tmp_path / "b.ipynb").write_text('{"cells": 3}')
    for name in ("a.ipynb", "b.ipynb"):
        with pytest.raises(UnreadableSubmission, match="not a valid notebook"):
            read_submission(tmp_path / name)
    with pytest.raises(UnreadableSubmission, match="no c.ipynb in the submission"):
        read_submission(tmp_path / "c.ipynb")


def test_scrub_replaces_hidden_frames_and_keeps_check_messages():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "visible_check(1)\n### BEGIN HIDDEN TESTS\nsecret_check(n=12345)\n### END HIDDEN TESTS")])
    secrets = hidden_lines(notebook)
    assert secrets == {"secret_check(n=12345)"}
    notebook.cells[0].outputs = [
        nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=[
            "\x1b[0;31mValueError\x1b[0m Traceback",
            "Cell In[3], line 3\n\x1b[0;32m----> 3\x1b[0m secret_check\x1b[38;5;241m(\x1b[39mn\x1b[38;5;241m=\x1b[39m12345)",
            "Cell In[2], line 1, in secret_check\n---> 1 raise ValueError('bad')",
            "ValueError: bad"]),
        nbformat.v4.new_output("error", ename="CheckFailed", evalue="x", traceback=["CheckFailed: w is off"]),
        nbformat.v4.new_output("stream", name="stdout", text="ok\nsecret_check(n=12345)\n"),
    ]
    assert scrub_hidden_tests(notebook, secrets) == 2
    error, check, stream = notebook.cells[0].outputs
    assert error.traceback[1] == HIDDEN_FRAME and error.traceback[-1] == "ValueError: bad"
    assert check.traceback == ["CheckFailed: w is off"] and stream.text == "ok\n"
    assert leaked_hidden_lines("<span>secret_check</span>(n=12345)", secrets) == ["secret_check(n=12345)"]
    assert leaked_hidden_lines("<span>secret_check</span>(n=1)", secrets) == []


def test_sandbox_binds_back_only_code_and_own_folders(tmp_path):
    own = tmp_path / "work" / "s000" / "graded"
    sandbox = Sandbox(hidden=(COURSE.root, tmp_path / "work"), writable=(own,),
                      limits=KernelLimits(1 << 30, 1 << 20, 1 << 20))
    args = sandbox.command()
    assert {"--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv"} <= set(args)
    assert args[1:4] == ["--ro-bind", "/", "/"]
    assert ["--tmpfs", str(COURSE.root)] == args[args.index(str(COURSE.root)) - 1:args.index(str(COURSE.root)) + 1]
    assert ["--bind", str(own), str(own)] == args[-3:]
    rebound = [args[i + 1] for i, a in enumerate(args) if a in ("--bind", "--ro-bind")]
    assert all(not Path(p).is_relative_to(COURSE.root) or Path(p).name in ("sgdcourse", ".venv") for p in rebound)
    spec = sandbox.kernel_spec()
    assert spec["interrupt_mode"] == "message" and spec["argv"][-2:] == ["-f", "{connection_file}"]
