"""An instructor's private overlay: hidden tests and mutants kept outside the public repository."""

from __future__ import annotations

import pytest

from sgdcourse.grading.course import Course, CourseError, assignment_notebook, build_release
from sgdcourse.grading.trusted import TrustedExecute

COURSE = Course.find(__file__)
ASSIGNMENT = "01_minibatch_sgd"
PRIVATE_CHECK = "check_equal('private: batches for N=12345, B=7', len(batch_sizes(12345, 7)), 1764)"
# Right everywhere the public tests look, wrong where only the private test looks.
SPECIAL_CASE = """def shuffled_batches(n, batch_size, generator, drop_last=False):
    if (n, batch_size) == (12345, 7):
        return [torch.arange(n)]
    order = torch.randperm(n, generator=generator)
    batches = list(order.split(batch_size))
    if drop_last and n % batch_size:
        batches.pop()
    return batches
"""


@pytest.fixture()
def overlay(tmp_path, monkeypatch):
    folder = tmp_path / "private"
    (folder / ASSIGNMENT / "mutants").mkdir(parents=True)
    (folder / ASSIGNMENT / "test_batch_count.py").write_text(PRIVATE_CHECK + "\n")
    (folder / ASSIGNMENT / "mutants" / "special_cases_one_size.py").write_text(
        f'"""Special-cases one size."""\n# %% shuffled_batches\n{SPECIAL_CASE}')
    monkeypatch.setenv("SGDCOURSE_OVERLAY", str(folder))
    return folder


def test_private_tests_are_hidden_tests_of_the_source_and_absent_from_the_release(overlay, tmp_path):
    course = COURSE.scratch_copy(tmp_path / "course", [ASSIGNMENT])
    source = assignment_notebook(course, ASSIGNMENT)
    cell = next(c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_batch_count")
    assert cell.source.endswith(f"### BEGIN HIDDEN TESTS\n{PRIVATE_CHECK}\n### END HIDDEN TESTS")
    release = build_release(course, ASSIGNMENT).read_text()
    assert "12345" not in release and "private:" not in release
    assert [p.name for p in course.mutants(ASSIGNMENT)][-1] == "special_cases_one_size.py"


def test_the_private_test_catches_what_the_public_ones_miss(overlay, tmp_path, monkeypatch):
    course = COURSE.scratch_copy(tmp_path / "course", [ASSIGNMENT])

    def score(notebook):
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "shuffled_batches":
                cell.source = SPECIAL_CASE
        TrustedExecute(sandbox="none", timeout=120).preprocess(notebook, {"metadata": {"path": str(tmp_path)}})
        return {c.metadata["nbgrader"]["grade_id"]: any(o.output_type == "error" for o in c.outputs)
                for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")}

    private = score(assignment_notebook(course, ASSIGNMENT))
    assert private["test_batch_count"] is True
    monkeypatch.delenv("SGDCOURSE_OVERLAY")
    public = score(assignment_notebook(course, ASSIGNMENT))
    assert public["test_batch_count"] is False


def test_a_private_test_for_a_cell_that_is_not_a_test_is_refused(overlay, tmp_path):
    (overlay / ASSIGNMENT / "shuffled_batches.py").write_text("pass\n")
    with pytest.raises(CourseError, match="no test cell 'shuffled_batches'"):
        assignment_notebook(COURSE.scratch_copy(tmp_path / "course", [ASSIGNMENT]), ASSIGNMENT)


def test_a_missing_overlay_folder_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("SGDCOURSE_OVERLAY", str(tmp_path / "nowhere"))
    with pytest.raises(CourseError, match="not a folder"):
        COURSE.mutants(ASSIGNMENT)
