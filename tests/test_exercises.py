"""The exercise pipeline: committed releases are fresh, leak nothing, and grading tells right from wrong."""

import json

import pytest

from sgdcourse.grading.course import Course, stale_releases
from sgdcourse.grading.course import assignment_notebook
from sgdcourse.grading.proof import CourseError, MutantSection, apply_mutant, format_table, mutant_cells, mutant_sections, prove

COURSE = Course.find(__file__)
ASSIGNMENTS = COURSE.assignments()


def test_there_are_assignments():
    assert "01_minibatch_sgd" in ASSIGNMENTS


def test_committed_releases_are_not_stale(tmp_path):
    assert stale_releases(COURSE, tmp_path) == [], "run `sgdcourse exercises build` and commit exercises/"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_leaks_no_solution_and_no_hidden_test(assignment):
    text = COURSE.release_notebook(assignment).read_text()
    for secret in ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "from sgdcourse import sampling"]:
        assert secret not in text
    assert "raise NotImplementedError()" in text
    release_folder = COURSE.release_notebook(assignment).parent
    assert sorted(p.name for p in release_folder.iterdir()) == [f"{assignment}.ipynb"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_mutant_replaces_existing_cells_and_names_its_mistake(assignment):
    mutants = COURSE.mutants(assignment)
    assert len(mutants) >= 5
    grade_ids = {
        cell["metadata"].get("nbgrader", {}).get("grade_id")
        for cell in json.loads(COURSE.release_notebook(assignment).read_text())["cells"]
    }
    solution = assignment_notebook(COURSE, assignment)
    for path in mutants:
        assert {section.grade_id for section in mutant_sections(path)} <= grade_ids, path.name
        mutant = apply_mutant(solution, path)  # every edit still fits the solution exactly once
        assert [c.source for c in mutant.cells] != [c.source for c in solution.cells], path.name


def test_a_mutant_edit_replaces_exactly_the_lines_it_names(tmp_path):
    solution = "def f(x):\n    ### BEGIN SOLUTION\n    y = 2 * x\n    return y + 1\n    ### END SOLUTION\n"
    mutant = tmp_path / "adds_two.py"
    mutant.write_text('"""Adds 2."""\n# %% f (edit)\n-    return y + 1\n+    return y + 2\n\n-    y = 2 * x\n+    y = 3 * x\n')
    assert mutant_cells(mutant, {"f": solution}) == {"f": solution.replace("y + 1", "y + 2").replace("2 * x", "3 * x")}
    whole = tmp_path / "whole.py"
    whole.write_text('"""Rewritten."""\n# %% f\ndef f(x):\n    return 0\n')
    assert mutant_cells(whole, {"f": solution}) == {"f": "def f(x):\n    return 0\n"}
    for body, message in [("-    return y + 7\n+    return 0\n", "occur 0 times"),
                          ("+    return 0\n", "needs the solution's lines"),
                          ("    return 0\n", "each hunk is")]:
        with pytest.raises(CourseError, match=message):
            MutantSection("f", body, is_edit=True).apply(solution, mutant)
    twice = "def f(x):\n    y = 1\n    y = 1\n"
    with pytest.raises(CourseError, match="occur 2 times"):
        MutantSection("f", "-    y = 1\n+    y = 2\n", is_edit=True).apply(twice, mutant)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_grading_proof(assignment, tmp_path):
    """Real `nbgrader autograde`: solution full marks, release 0, every mutant below full."""
    rows = prove(COURSE, assignment, scratch=tmp_path)
    print(format_table(assignment, rows))
    failures = [row for row in rows if not row.passed]
    assert not failures, format_table(assignment, rows)
    assert {row.expectation for row in rows} == {"full", "zero", "below full"}
    assert rows[0].max_score > 0


def test_released_solutions_hold_the_answers_without_hidden_tests(tmp_path):
    from sgdcourse.grading.classroom.feedback import hidden_lines
    from sgdcourse.grading.course import assignment_notebook, release_solutions

    course = COURSE.scratch_copy(tmp_path / "course", ["01_minibatch_sgd"])
    notebook_path, page = release_solutions(course, "01_minibatch_sgd", html=True)
    text = notebook_path.read_text()
    assert "order = torch.randperm(n, generator=generator)" in text  # the answer
    assert "SOLUTION" not in text and "HIDDEN TESTS" not in text
    secrets = hidden_lines(assignment_notebook(course, "01_minibatch_sgd"))
    released = {line.strip() for cell in json.loads(text)["cells"] for line in "".join(cell["source"]).splitlines()}
    assert secrets and secrets & released == set()
    assert page.suffix == ".html" and "randperm" in page.read_text()
