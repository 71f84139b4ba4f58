"""Graded checks tell the student what was expected, what they gave, and a hint — briefly."""

import pytest
import torch

from sgdcourse.grading.checks import (
    CheckFailed, check_close, check_equal, check_own_implementation, check_tensor,
)


def test_failure_message_states_expected_got_and_hint():
    with pytest.raises(CheckFailed) as failure:
        check_equal("number of batches", 312, 313, hint="count the partial batch")
    message = str(failure.value)
    assert "number of batches" in message
    assert "expected: 313" in message and "got:      312" in message
    assert "hint:     count the partial batch" in message


def test_failure_renders_as_one_message_in_ipython_without_traceback():
    with pytest.raises(CheckFailed) as failure:
        check_equal("x", 1, 2)
    rendered = failure.value._render_traceback_()
    assert rendered == [f"CheckFailed: {failure.value}"]
    assert isinstance(failure.value, AssertionError)  # nbgrader scores it as a failed test


def test_check_close_reports_the_worst_entry_and_accepts_within_tolerance():
    check_close("w", torch.tensor([1.0, 2.0 + 1e-9]), [1.0, 2.0], rtol=0, atol=1e-8)
    with pytest.raises(CheckFailed, match="worst entry at flat index 1, off by 0.5"):
        check_close("w", torch.tensor([1.0, 2.5, 3.1]), [1.0, 2.0, 3.0], rtol=0, atol=0.2)


def test_check_close_reports_a_wrong_shape_not_a_broadcast_error():
    with pytest.raises(CheckFailed, match=r"wrong shape(.|\n)*expected: \(3,\)(.|\n)*got:      \(3, 1\)"):
        check_close("w", torch.zeros(3, 1), torch.zeros(3))


def test_check_close_reports_a_non_numeric_answer():
    with pytest.raises(CheckFailed, match="should be a number or a tensor"):
        check_close("loss", "0.5", 0.5)


def test_check_tensor_names_type_shape_and_dtype():
    check_tensor("g", torch.zeros(2, dtype=torch.float64), shape=(2,), dtype=torch.float64)
    with pytest.raises(CheckFailed, match="should be a torch.Tensor"):
        check_tensor("g", [0.0, 0.0])
    with pytest.raises(CheckFailed, match="wrong dtype"):
        check_tensor("g", torch.zeros(2), dtype=torch.float64)


def test_own_implementation_rejects_an_imported_reference():
    from sgdcourse.sampling import shuffled_batches

    with pytest.raises(CheckFailed, match="sgdcourse.sampling"):
        check_own_implementation(shuffled_batches, "shuffled_batches")


def test_forbidden_refuses_autograd_inside_the_block_only():
    from sgdcourse.grading.checks import AUTOGRAD, forbidden

    x = torch.ones(2, requires_grad=True)
    with forbidden(AUTOGRAD, task="derive the gradient"):
        with pytest.raises(CheckFailed, match=r"calls torch.Tensor.backward(.|\n)*derive the gradient yourself"):
            (x * x).sum().backward()
        with pytest.raises(CheckFailed, match="torch.autograd.grad"):
            torch.autograd.grad((x * x).sum(), x)
    (x * x).sum().backward()  # restored afterwards
    assert x.grad.tolist() == [2.0, 2.0]


def test_forbidden_catches_optimizer_classes_however_imported():
    from torch.optim import SGD

    from sgdcourse.grading.checks import forbidden

    p = torch.nn.Parameter(torch.zeros(1))
    with forbidden(["torch.optim.SGD.step"], task="implement the update"):
        with pytest.raises(CheckFailed, match="torch.optim.SGD.step"):
            SGD([p], lr=0.1).step()
