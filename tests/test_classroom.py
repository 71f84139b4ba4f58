"""Class grading: a synthetic class of 01_minibatch_sgd — correct, wrong (the assignment's
mutants) and hostile (every attack class found against the grader) — graded in parallel
in the sandbox, the score decided outside it.

The class is graded once per module (about 2–3 minutes on 2 cores); the unit tests of the
repair, scrubbing and sandbox pieces need no student process.
"""

from __future__ import annotations

import base64
import copy
import csv
import hashlib
import html
import json
import os
import re
import zlib
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from sgdcourse.cli import main
from sgdcourse.grading.classroom import GradingLimits, format_summary, grade_assignment
from sgdcourse.grading.classroom.feedback import (
    HIDDEN_FRAME, hidden_lines, leaked_hidden_lines, scrub_hidden_tests,
)
from sgdcourse.grading.classroom.repair import grade_id, repair_submission
from sgdcourse.grading.classroom.sandbox import STUDENT_MODULES, Sandbox, write_student_view
from sgdcourse.grading.classroom.submission import UnreadableSubmission, read_submission
from sgdcourse.grading.course import Course, build_release, read_myst_notebook
from sgdcourse.grading.proof import mutant_cells

ASSIGNMENT = "01_minibatch_sgd"
COURSE = Course.find(__file__)
CELL_TIMEOUT_S = 10
NOTEBOOK_TIMEOUT_S = 150
MEMORY_BYTES = 3 << 30   # all of a student's processes together
PROCESSES = 128
DISK_BYTES = 64 << 20
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


class Link:
    """A submission that is a link: to `target`, symbolic or hard, as the notebook or its folder."""

    def __init__(self, target: Path, kind: str):
        self.target, self.kind = target, kind


def submit(course: Course, student: str, submission) -> None:
    """Hand in a notebook (raw bytes, or a Link) as submitted/<student>/<assignment>/<assignment>.ipynb."""
    folder = course.root / "submitted" / student / ASSIGNMENT
    if isinstance(submission, Link) and submission.kind == "symlinked-folder":
        folder.parent.mkdir(parents=True)
        folder.symlink_to(submission.target)
        return
    folder.mkdir(parents=True)
    target = folder / f"{ASSIGNMENT}.ipynb"
    if isinstance(submission, Link):
        (target.symlink_to if submission.kind == "symlink" else target.hardlink_to)(submission.target)
    elif isinstance(submission, bytes):
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


def leak_callers() -> tuple[str, str]:
    """(answer prefix, later cell) that collect the source of every calling frame and print it, base64."""
    collect = "\n".join([
        "import base64, linecache, sys, zlib",
        "LEAK = {}",
        "def _collect():",
        "    frame = sys._getframe(2)",
        "    while frame is not None:",
        "        name = frame.f_code.co_filename",
        "        LEAK[name] = ''.join(linecache.getlines(name)) + repr(sorted(frame.f_locals))",
        "        frame = frame.f_back",
    ])
    show = "print('LEAK', base64.b64encode(zlib.compress('\\n'.join(LEAK.values()).encode(), 9)).decode())"
    return collect, show


def the_class(course: Course, release, solution, canary: Path) -> dict[str, tuple[object, float]]:
    """student → (submitted notebook, raw bytes or Link, expected score)."""
    answers = {gid: cell(solution, gid).source for gid in ("shuffled_batches", "sgd_linear_regression")}
    correct = lambda: answered(release, answers)  # noqa: E731
    nothing = lambda code: answered(release, {"shuffled_batches": code})  # noqa: E731 — one line, no answer
    root = course.root
    secrets = {
        "source-notebook": course.source_notebook(ASSIGNMENT),
        "source-markdown": course.source_markdown(ASSIGNMENT),
        "course-gradebook": root / "gradebook.db",
        "own-scratch-gradebook": Path("../../../gradebook.db"),
        "other-student": root / "submitted" / "correct-1" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        "canary": canary / "secret.txt",
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
    collect, show = leak_callers()
    leaky = answered(release, {
        "shuffled_batches": collect + "\n" + answers["shuffled_batches"].replace(
            '    """Index batches', '    _collect()\n    """Index batches'),
        "sgd_linear_regression": answers["sgd_linear_regression"] + "\n" + show,
    })
    plants_links = with_suffix(correct(), "shuffled_batches", "\n".join([
        "import os",
        f"for name, target in [('{ASSIGNMENT}.ipynb', {str(root / 'gradebook.db')!r}),",
        f"                     ('{ASSIGNMENT}.html', {str(canary / 'secret.txt')!r}),",
        "                     ('gradebook.db', '/etc/hostname'), ('timestamp.txt', '/etc/passwd')]:",
        "    os.symlink(target, name)",
    ]))
    solution_copy = root / "instructor-solution-copy.ipynb"
    nbformat.write(correct(), solution_copy)

    students = {
        "correct-1": (correct(), 10.0),
        "correct-2": (correct(), 10.0),
        "untouched-release": (copy.deepcopy(release), 0.0),
        # Each stalled cell ends the student's process; the next cell starts a fresh one.
        # Stalled before the definitions: only minibatch_gradient's 2 points.
        "infinite-loop": (with_prefix(correct(), "shuffled_batches", "while True:\n    pass"), 2.0),
        "loop-in-except": (with_prefix(correct(), "shuffled_batches",
                                       "try:\n    while True:\n        pass\n"
                                       "except KeyboardInterrupt:\n    while True:\n        pass"), 2.0),
        # Stalls after part 2's definitions, which the stop loses: keeps part 1's 6 points.
        "swallows-interrupt": (with_suffix(correct(), "sgd_linear_regression",
                                           "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                           "while True:\n    try:\n        time.sleep(0.1)\n"
                                           "    except KeyboardInterrupt:\n        pass"), 6.0),
        "import-error": (with_prefix(correct(), "sgd_linear_regression", "import torchh"), 6.0),
        "not-json": (b'{"cells": [', 0.0),
        "allocates-10-GB": (with_suffix(correct(), "shuffled_batches",
                                        "hoard = torch.ones(10 * 2**30, dtype=torch.uint8)"), 10.0),
        "tampers-metadata": (tampered, 0.0),
        "calls-sys-exit": (with_prefix(correct(), "sgd_linear_regression", "import sys\nsys.exit(0)"), 6.0),
        "kills-its-process": (with_prefix(correct(), "sgd_linear_regression", "import os\nos._exit(3)"), 6.0),
        "reads-secrets": (with_suffix(correct(), "shuffled_batches", probe(secrets, "rb")), 10.0),
        "writes-everywhere": (with_suffix(correct(), "shuffled_batches", probe(writes, "wb")), 10.0),
        "deleted-cells": (deleted, 10.0),
        "stripped-metadata": (stripped, 10.0),
        # Raises on a batch of one, which the hidden tests of both part-2 cells use: their 4 points are lost.
        "raises-in-hidden-test": (answered(release, {**answers, "sgd_linear_regression": picky_gradient}), 6.0),
        # ---- the score cannot be forged: each of these implements nothing
        "rebinds-checks": (nothing("check = check_equal = check_close = check_tensor = "
                                   "check_own_implementation = lambda *a, **k: None"), 0.0),
        "patches-checks-module": (nothing("import builtins, sgdcourse.grading.checks as c\n"
                                          "c.fail = lambda *a, **k: None\n"
                                          "c.__dict__['bool'] = c.__dict__['isinstance'] = lambda *a: True"), 0.0),
        "rewrites-check-frames": (nothing("import sys\ndef tracer(frame, event, arg):\n"
                                          "    if 'condition' in frame.f_locals:\n"
                                          "        frame.f_locals['condition'] = True\n    return tracer\n"
                                          "sys.settrace(tracer)"), 0.0),
        "empties-later-cells": (nothing("get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])"),
                                0.0),
        "fakes-torch-equal": (nothing("torch.equal = torch.allclose = lambda *a, **k: True"), 0.0),
        "wraps-the-reference": (answered(release, {
            "shuffled_batches": "import importlib\n"
                                "def shuffled_batches(*args, **kwargs):\n"
                                "    return importlib.import_module('sgdcourse.' + 'sampling').shuffled_batches(*args, **kwargs)",
            "sgd_linear_regression": "import importlib\n"
                                     "def minibatch_gradient(w, X, y):\n"
                                     "    return importlib.import_module('sgdcourse.' + 'sampling')"
                                     ".least_squares_gradient(w, X, y)\n"
                                     "def sgd_linear_regression(*args, **kwargs):\n"
                                     "    return importlib.import_module('sgdcourse.' + 'sampling')"
                                     ".sgd_least_squares(*args, **kwargs)"}), 0.0),
        "runs-the-solution-file": (nothing("import re, sgdcourse\nfrom pathlib import Path\n"
                                           "text = (Path(sgdcourse.__file__).resolve().parents[1] / 'solutions' / "
                                           f"'{ASSIGNMENT}' / '{ASSIGNMENT}.md').read_text()\n"
                                           "for block in re.findall(r'### BEGIN SOLUTION\\n(.*?)### END SOLUTION', "
                                           "text, re.S):\n    exec(block)"), 0.0),
        "symlinked-notebook": (Link(course.source_notebook(ASSIGNMENT), "symlink"), 0.0),
        "symlinked-to-the-gradebook": (Link(root / "gradebook.db", "symlink"), 0.0),
        "symlinked-folder": (Link(root / "submitted" / "correct-1" / ASSIGNMENT, "symlinked-folder"), 0.0),
        "hard-linked-notebook": (Link(solution_copy, "hardlink"), 0.0),
        # ---- root never follows what the student made; limits hold for the whole student
        "plants-links-in-its-folder": (plants_links, 10.0),
        "reads-its-callers": (leaky, 10.0),
        "prints-a-200-MB-line": (with_suffix(correct(), "shuffled_batches", "print('x' * 200_000_000)"), 10.0),
        "fills-the-disk": (with_suffix(correct(), "shuffled_batches", "\n".join([
            "written = 0",
            "try:",
            "    with open('fill.bin', 'wb') as file:",
            "        while written < 2 * 2**30:",
            "            file.write(b'x' * 2**20); file.flush(); written += 2**20",
            "except OSError as error:",
            "    print('PROBE written', written)"])), 10.0),
        "starts-many-processes": (with_suffix(correct(), "sgd_linear_regression", "\n".join([
            "import os, time",
            "count = 0",
            "for _ in range(1000):",
            "    try:",
            "        pid = os.fork()",
            "    except OSError:",
            "        break",
            "    if pid == 0:",
            "        time.sleep(600)",
            "        os._exit(0)",
            "    count += 1",
            "print('PROBE forks', count)"])), 10.0),
    }
    for path in course.mutants(ASSIGNMENT):
        if path.stem in MUTANT_SCORES:
            mutant = answered(correct(), mutant_cells(path, answers))
            students[f"mutant-{path.stem}"] = (mutant, MUTANT_SCORES[path.stem])
    return students


def tree_digest(folder: Path) -> str:
    """One hash of every file's path, mode and content under `folder` (links not followed)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest.update(f"{path.relative_to(folder)}:{info.st_mode}:".encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------- the graded class

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = COURSE.scratch_copy(tmp_path_factory.mktemp("class"), [ASSIGNMENT])
    canary = tmp_path_factory.mktemp("canary")
    (canary / "secret.txt").write_text("the instructor's private file\n")
    (canary / "secret.txt").chmod(0o600)
    release = nbformat.read(build_release(course, ASSIGNMENT), as_version=4)
    solution = read_myst_notebook(course.source_markdown(ASSIGNMENT))
    students = the_class(course, release, solution, canary)
    for student, (submission, _) in students.items():
        submit(course, student, submission)
    other_student_file = course.root / "submitted" / "correct-1" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    before = other_student_file.read_bytes()
    protected = {"canary": canary, "solutions": course.root / "solutions", "exercises": course.root / "exercises"}
    digests = {name: tree_digest(folder) for name, folder in protected.items()}
    limits = GradingLimits(cell_timeout_s=CELL_TIMEOUT_S, notebook_timeout_s=NOTEBOOK_TIMEOUT_S,
                           memory_bytes=MEMORY_BYTES, processes=PROCESSES, disk_bytes=DISK_BYTES)
    report = grade_assignment(course, ASSIGNMENT, workers=2, limits=limits, progress=False)
    print(format_summary(report))
    changed = [name for name, folder in protected.items() if tree_digest(folder) != digests[name]]
    return course, students, report, before, other_student_file, changed


def test_class_has_every_kind_of_submission(graded):
    _, students, report, *_ = graded
    assert len(report.results) == len(students) >= 40


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
    not_graded = {"not-json", "symlinked-notebook", "symlinked-to-the-gradebook", "symlinked-folder",
                  "hard-linked-notebook"}
    assert status["not-json"] == "not graded" and "not a valid notebook" in notes["not-json"]
    for student in ("symlinked-notebook", "symlinked-to-the-gradebook"):
        assert f"{ASSIGNMENT}.ipynb is a symbolic link" in notes[student]
    assert "is not a folder (a link or a file)" in notes["symlinked-folder"]
    assert "is a hard link (it has 2 names)" in notes["hard-linked-notebook"]
    assert "shuffled_batches: it ran past the time limit of a cell" in notes["infinite-loop"]
    assert "sgd_linear_regression: it ran past the time limit of a cell" in notes["swallows-interrupt"]
    assert "sgd_linear_regression: it ended" in notes["kills-its-process"]
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
    assert all(status[s] == "graded" for s in status if s not in not_graded)


def test_nothing_outside_the_output_folders_changes_and_the_gradebook_survives(graded):
    course, _, report, *_, changed = graded
    assert changed == []
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", "sgdcourse") as gradebook:
        assert len(gradebook.find_assignment(ASSIGNMENT).submissions) == len(report.results)
    course.nbgrader("export", "--to", str(course.root / "export.csv"))
    with (course.root / "export.csv").open() as file:
        assert len(list(csv.DictReader(file))) == len(report.results)
    # Only the graded notebook and its feedback page leave a student's grading.
    for student in ("plants-links-in-its-folder", "fills-the-disk"):
        assert [p.name for p in (course.root / "autograded" / student / ASSIGNMENT).iterdir()] == [f"{ASSIGNMENT}.ipynb"]
        assert [p.name for p in (course.root / "feedback" / student / ASSIGNMENT).iterdir()] == [f"{ASSIGNMENT}.html"]


def outputs_text(course: Course, student: str) -> str:
    notebook = json.loads((course.root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    return "".join("".join(o.get("text", "")) for c in notebook["cells"] for o in c.get("outputs", []))


def probes(course: Course, student: str) -> dict[str, str]:
    return dict(line.split(" ", 2)[1:] for line in outputs_text(course, student).splitlines()
                if line.startswith("PROBE"))


def test_limits_hold_for_the_whole_student(graded):
    course, *_ = graded
    assert int(probes(course, "fills-the-disk")["written"]) <= DISK_BYTES
    assert 10 < int(probes(course, "starts-many-processes")["forks"]) < PROCESSES
    page = course.root / "feedback" / "prints-a-200-MB-line" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    assert page.stat().st_size < 5_000_000


def test_a_student_function_cannot_read_the_tests_that_call_it(graded):
    course, *_ = graded
    solution = read_myst_notebook(course.source_markdown(ASSIGNMENT))
    secrets = hidden_lines(solution)
    leaked = zlib.decompress(base64.b64decode(
        outputs_text(course, "reads-its-callers").split("LEAK ", 1)[1].split()[0])).decode()
    assert "Values across the grading boundary" in leaked  # wire.py: its callers are the runner's frames
    assert [line for line in secrets if line in leaked] == []
    assert "BEGIN HIDDEN TESTS" not in leaked


def test_the_sandbox_hides_secrets_and_confines_writes(graded):
    course, _, _, before, other_student_file, _ = graded
    read = probes(course, "reads-secrets")
    for label in ("source-notebook", "source-markdown", "course-gradebook", "own-scratch-gradebook",
                  "other-student", "canary"):
        assert read[label].startswith("DENIED"), (label, read[label])
    assert read["network"].startswith("DENIED") and read["uid"] == "65534"
    written = probes(course, "writes-everywhere")
    for label in ("source-notebook", "course-gradebook", "other-student", "system-file", "canary"):
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
    assert all("your cells ran in a sandbox of their own" in html.unescape(page) for page in pages.values())
    raised = html.unescape(re.sub(r"<[^>]*>", "", pages["raises-in-hidden-test"]))
    assert "your minibatch_gradient(...) raised ValueError: a batch needs two samples" in raised
    assert "BEGIN HIDDEN TESTS" not in raised
    assert "Traceback (most recent call last)" not in raised
    # Messages of failed hidden checks reach the student, their code does not.
    off_by_one = html.unescape(re.sub(r"<[^>]*>", "", pages["mutant-off_by_one_batch_count"]))
    assert "CheckFailed: batch sizes for N=1000, B=100" in off_by_one
    global_state = html.unescape(re.sub(r"<[^>]*>", "", pages["mutant-global_random_state"]))
    assert "CheckFailed: weights after 12 epochs on noisy data vs the reference" in global_state


def test_grades_csv_and_time_bound(graded):
    _, students, report, *_ = graded
    with report.csv_path.open() as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert {s: float(r[f"{ASSIGNMENT}:total"]) for s, r in rows.items()} == {s: e for s, (_, e) in students.items()}
    # 40-odd notebooks on 2 workers, four of them held up by time limits: well under the
    # sequential worst case of one notebook limit per student.
    assert report.seconds < 600


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
        assert {row["student_id"]: row[f"{ASSIGNMENT}:total"] for row in csv.DictReader(file)} == {"ada": "10", "bob": "0"}


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
    submitted.cells.insert(5, nbformat.v4.new_code_cell("helper = 1"))  # the student's own cell
    repaired, notes = repair_submission(submitted, release)
    order = [grade_id(c) or c.source for c in repaired.cells]
    assert order[:8] == ["intro", "install", "setup", "part1", "shuffled_batches", "helper = 1",
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
    def hand_in(student, write):
        folder = tmp_path / student / ASSIGNMENT
        folder.mkdir(parents=True)
        write(folder / f"{ASSIGNMENT}.ipynb")

    hand_in("a", lambda path: path.write_text("{not json"))
    hand_in("b", lambda path: path.write_text('{"cells": 3}'))
    hand_in("c", lambda path: None)
    hand_in("d", lambda path: path.symlink_to(tmp_path / "a" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    hand_in("e", lambda path: os.mkfifo(path))
    for student in ("a", "b"):
        with pytest.raises(UnreadableSubmission, match="not a valid notebook"):
            read_submission(tmp_path, student, ASSIGNMENT)
    with pytest.raises(UnreadableSubmission, match=f"no {ASSIGNMENT}.ipynb in the submission"):
        read_submission(tmp_path, "c", ASSIGNMENT)
    with pytest.raises(UnreadableSubmission, match="is a symbolic link"):
        read_submission(tmp_path, "d", ASSIGNMENT)
    with pytest.raises(UnreadableSubmission, match="is not a regular file"):
        read_submission(tmp_path, "e", ASSIGNMENT)


def test_submission_files_are_read_as_bytes_and_links_beside_them_ignored(tmp_path, release):
    folder = tmp_path / "ada" / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(release, folder / f"{ASSIGNMENT}.ipynb")
    (folder / "data.csv").write_text("1,2\n")
    (folder / "gradebook.db").symlink_to("/etc/passwd")
    notebook, files, notes = read_submission(tmp_path, "ada", ASSIGNMENT)
    assert len(notebook.cells) == len(release.cells)
    assert files == {"data.csv": b"1,2\n"}
    assert notes == ["ignored 'gradebook.db' in the submission: gradebook.db is a symbolic link, "
                     "not a file: hand in the notebook itself"]


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


def test_sandbox_mounts_an_allow_list_with_a_student_view_of_the_package(tmp_path):
    view = write_student_view(tmp_path / "view")
    args = Sandbox(view).command(tmp_path / "files")
    assert {"--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv"} <= set(args)
    assert "/" not in [args[i + 1] for i, a in enumerate(args) if a in ("--bind", "--ro-bind")]
    assert "--bind" not in args  # nothing of the machine is writable: tmpfs only
    mounted = [Path(args[i + 2]) for i, a in enumerate(args) if a == "--ro-bind"]
    package = Path(COURSE.root / "sgdcourse")
    assert ["--ro-bind", str(view), str(package)] == args[args.index(str(view)) - 1:args.index(str(view)) + 2]
    assert not any(path == COURSE.root or (path.is_relative_to(COURSE.root)
                                           and path not in (package, COURSE.root / ".venv")) for path in mounted)
    copied = sorted(str(p.relative_to(view)) for p in view.rglob("*.py"))
    assert {"grading/checks.py", "grading/runner.py", "grading/wire.py", "exercise/__init__.py",
            "trials.py"} <= set(copied)
    assert all(any(Path(name).match(pattern) for pattern in STUDENT_MODULES) or name.endswith("__init__.py")
               for name in copied)
    assert not {"sampling.py", "optimizers/rules.py", "schedules.py", "hyperparameters.py"} & set(copied)


def test_every_released_set_up_cell_imports_in_the_student_view_alone(tmp_path):
    """What a release's set-up cell imports from sgdcourse exists in the sandbox's view of the package,
    and imports nothing the view leaves out (a module the sandbox lacks would break every student's grade)."""
    import ast
    import subprocess
    import sys
    import sysconfig

    write_student_view(tmp_path / "sgdcourse")
    for assignment in COURSE.assignments():
        notebook = nbformat.read(COURSE.release_notebook(assignment), as_version=4)
        setup = next(cell for cell in notebook.cells if grade_id(cell) == "setup")
        imports = [ast.unparse(node) for node in ast.parse(setup.source).body
                   if isinstance(node, (ast.Import, ast.ImportFrom))
                   and any(name.startswith("sgdcourse") for name in
                           ([node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]))]
        assert imports, assignment
        # -S: no site initialisation, so no editable-install finder can reach the real package; the
        # installed libraries' folders are put on the path by hand, after the view.
        libraries = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
        script = f"import sys; sys.path[:0] = {[str(tmp_path), *libraries]!r}\n" + "\n".join(imports) + (
            "\nimport sgdcourse; assert sgdcourse.__file__.startswith(" + repr(str(tmp_path)) + ")")
        result = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{assignment}: {result.stderr[-2000:]}"


def test_memory_limit_holds_for_all_of_a_students_processes(tmp_path):
    """Three forked children touch 1 GiB each under a 3 GiB limit for the student: the kernel kills one."""
    from sgdcourse.grading.trusted import TrustedExecute

    hoard = "\n".join([
        "import os, time",
        "children = []",
        "for _ in range(3):",
        "    pid = os.fork()",
        "    if pid == 0:",
        "        try:",
        "            hoard = bytearray(2**30)",
        "            hoard[::4096] = b'x' * (2**30 // 4096)  # touch every page",
        "            time.sleep(3)",
        "        finally:",
        "            os._exit(0)",
        "    children.append(pid)",
        "killed = sum(os.WIFSIGNALED(os.waitpid(pid, 0)[1]) for pid in children)",
        "print('PROBE children-killed', killed)",
    ])
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(hoard)])
    TrustedExecute(sandbox="bwrap", timeout=120, memory_bytes=3 << 30, cgroup_name=f"sgdcourse-test-memory-{os.getpid()}").preprocess(
        notebook, {"metadata": {"path": str(tmp_path)}})
    text = "".join(output.get("text", "") for output in notebook.cells[1].outputs)
    assert int(text.split("PROBE children-killed ")[1].split()[0]) >= 1, notebook.cells[1].outputs
