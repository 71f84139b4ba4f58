"""What exercise notebooks import: the write-it-yourself rule and the pre-submission self-check."""

from __future__ import annotations

import shutil

import jupytext
import nbformat
import pytest
import torch

from sgdcourse.exercise import CheckFailed, check_written_here, only_your_code, self_check
from sgdcourse.grading.course import Course

COURSE = Course.find(__file__)
ASSIGNMENT = "01_minibatch_sgd"


def notebook_functions(source: str) -> dict:
    """Functions defined as in a notebook (module __main__)."""
    namespace = {"__name__": "__main__", "torch": torch}
    exec(source, namespace)
    return namespace


NOTEBOOK = notebook_functions("""
import torch.optim as optim

def sgd_step_by_hand(w, g):
    return w - 0.1 * g

def sgd_step_by_library(w, g):
    p = w.clone().requires_grad_()
    p.grad = g
    torch.optim.SGD([p], lr=0.1).step()
    return p.detach()

def uses_optim(w):
    return optim.SGD
""")


def test_only_your_code_accepts_arithmetic_and_refuses_the_library():
    w, g = torch.ones(3), torch.ones(3)
    sgd_step_by_hand, sgd_step_by_library = NOTEBOOK["sgd_step_by_hand"], NOTEBOOK["sgd_step_by_library"]
    with only_your_code(sgd_step_by_hand, ("torch.optim.SGD.step",), ("torch.optim",)):
        assert torch.equal(sgd_step_by_hand(w, g), torch.full((3,), 0.9))
    with pytest.raises(CheckFailed, match="calls torch.optim.SGD.step"):
        with only_your_code(sgd_step_by_library, ("torch.optim.SGD.step",), ("sgdcourse.optim",)):
            sgd_step_by_library(w, g)


def test_a_function_naming_the_library_fails_before_it_runs():
    with pytest.raises(CheckFailed, match=r"uses_optim must compute the update itself"):
        check_written_here(NOTEBOOK["uses_optim"], ("torch.optim",))


def test_self_check_runs_the_notebook_and_says_what_is_left(tmp_path, capsys):
    release = tmp_path / f"{ASSIGNMENT}.ipynb"
    shutil.copy2(COURSE.release_notebook(ASSIGNMENT), release)
    report = self_check(release)
    assert report and all(outcome.startswith("fails: NotImplementedError") for outcome in report.values())
    out = capsys.readouterr().out
    assert f"0 of {len(report)} visible tests pass; 2 answer cell(s) still raise NotImplementedError" in out

    solution = jupytext.read(COURSE.source_markdown(ASSIGNMENT))
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solution.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    notebook = nbformat.read(release, as_version=4)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in answers:
            cell.source = answers[cell.metadata["nbgrader"]["grade_id"]]
    nbformat.write(notebook, release)
    assert set(self_check(release).values()) == {"passes"}
    assert f"{len(report)} of {len(report)} visible tests pass; 0 answer cell(s)" in capsys.readouterr().out


def test_self_check_without_a_path_outside_jupyter_says_what_to_do(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    with pytest.raises(FileNotFoundError, match=r"call self_check\('path/to/your_notebook.ipynb'\)"):
        self_check()


def test_assignment_7_gradient_is_the_chapters_reference():
    """The sandbox cannot import the reference, so assignment 7's helper repeats its formula: keep them equal."""
    from sgdcourse.exercise.variance import sample_gradient, synthetic_logistic
    from sgdcourse.variance_reduction import LogisticRegression

    features, labels = synthetic_logistic(30, 4, seed=3)
    reference = LogisticRegression(features, labels, l2=0.1)
    w = torch.randn(4, dtype=torch.float64, generator=torch.Generator().manual_seed(4))
    for index in (slice(None), 7, torch.tensor([0, 5, 5, 29])):
        assert torch.equal(sample_gradient(w, features, labels, 0.1, index), reference.sample_gradient(w, index))


def test_assignment_9_problem_is_reproducible_per_seed_and_every_call_is_recorded():
    from sgdcourse.exercise.tuning import recording, small_problem

    loss = recording(small_problem())
    params = {"lr": 0.1, "momentum": 0.5}
    first, again, other = loss(params, "validation", 3), loss(params, "validation", 3), loss(params, "validation", 4)
    assert first == again and first != other  # the seed alone decides w₀ and the mini-batches
    assert loss(params, "test", 3) != first  # the same trained weights, scored on another split
    bad = loss({"lr": 1e-3, "momentum": 0.0}, "validation", 3)
    assert bad > first  # η = 1e-3 for 40 steps barely leaves w₀
    assert [(c["split"], c["seed"]) for c in loss.calls] == [
        ("validation", 3), ("validation", 3), ("validation", 4), ("test", 3), ("validation", 3)]
    params["lr"] = 5.0
    assert loss.calls[0]["params"] == {"lr": 0.1, "momentum": 0.5}  # a copy: later changes don't rewrite history
