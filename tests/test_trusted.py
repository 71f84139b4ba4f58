"""Trusted grading without the sandbox: the wire format, and TrustedExecute on a small notebook.

The student's process here is a plain child process (sandbox="none"); the class test in
test_classroom.py runs the same code in bubblewrap over real submissions.
"""

from __future__ import annotations

import math

import nbformat
import pytest
import torch

from sgdcourse.grading.trusted import TrustedExecute
from sgdcourse.grading.wire import WireError, decode, encode
from sgdcourse.trials import Trial


def no_handles(value):
    raise AssertionError(f"unexpected handle for {value!r}")


def round_trip(value):
    return decode(encode(value, no_handles), no_handles)


def test_values_survive_the_wire_exactly():
    generator = torch.Generator().manual_seed(3)
    generator_copy = round_trip(generator)
    value = {
        "tensors": [torch.randn(3, 4, dtype=torch.float64), torch.arange(5), torch.tensor([True, False]),
                    torch.randn(2, dtype=torch.bfloat16), torch.empty(0, 3),
                    torch.arange(10)[::3][-1:], torch.randn(4, 6)[:, ::2].T],  # views: one element, strided
        (1, "tuple key"): (1, 2.5, None, "text"),
        "floats": [math.inf, -0.0],
        "dtype": torch.float32,
        "trial": Trial({"lr": 0.1}, 0.25),
    }
    back = round_trip(value)
    assert list(back) == list(value)
    for got, sent in zip(back["tensors"], value["tensors"]):
        assert got.dtype == sent.dtype and torch.equal(got, sent)
    assert back[(1, "tuple key")] == (1, 2.5, None, "text")
    assert back["floats"] == [math.inf, -0.0] and math.copysign(1, back["floats"][1]) == -1
    assert back["dtype"] is torch.float32 and back["trial"] == Trial({"lr": 0.1}, 0.25)
    assert math.isnan(round_trip(math.nan))
    assert torch.equal(torch.randperm(10, generator=generator_copy), torch.randperm(10, generator=generator))


@pytest.mark.parametrize("data, message", [
    ({"$pickle": "gASVKAAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUjARlY2hvIGhplIWUUpQu"}, "unknown encoded value"),
    ({"$tensor": {"dtype": "float64", "shape": [2], "data": "AAAA"}}, "tensor data of 3 bytes"),
    ({"$tensor": {"dtype": "object", "shape": [1], "data": ""}}, "not an encoded tensor"),
    ({"$tensor": {"dtype": "float32", "shape": [-1], "data": ""}}, "not an encoded tensor"),
    ({"$dict": [[1]]}, "not a \\[key, value\\] pair"),
    ({"a": 1, "b": 2}, "not an encoded value"),
])
def test_malformed_values_are_refused_not_interpreted(data, message):
    with pytest.raises(WireError, match=message):
        decode(data, no_handles)


# ---------------------------------------------------------------- TrustedExecute, no sandbox

SETUP = "import torch\nfrom sgdcourse.grading.checks import check, check_equal, check_close, forbidden"


def notebook(*cells):
    """cells: (kind, source) with kind "setup", "answer", "test" or "own" (a cell the student added)."""
    built = []
    for index, (kind, source) in enumerate(cells):
        cell = nbformat.v4.new_code_cell(source)
        if kind != "own":
            cell.metadata["nbgrader"] = {"grade_id": f"c{index}", "locked": kind != "answer",
                                         "solution": kind == "answer", "grade": kind == "test",
                                         "points": 1 if kind == "test" else None, "schema_version": 3}
        built.append(cell)
    return nbformat.v4.new_notebook(cells=built)


def execute(nb, tmp_path, **options):
    """Grade `nb` without the sandbox; the notebook's cells as they were, with their outputs."""
    TrustedExecute(sandbox="none", timeout=options.pop("timeout", 60), **options).preprocess(
        nb, {"metadata": {"path": str(tmp_path)}})
    notice = nb.cells.pop(0)
    assert notice.cell_type == "markdown" and "your cells ran in a process of their own" in notice.source
    return nb


def errors(cell):
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


def test_tests_judge_in_the_grader_whatever_the_student_rebinds(tmp_path):
    nb = execute(notebook(
        ("setup", SETUP),
        ("answer", "def double(x):\n    return 2 * x + 1\n"
                   "check = check_equal = check_close = lambda *a, **k: None\n"
                   "import sgdcourse.grading.checks as c\nc.fail = lambda *a, **k: None\n"
                   "torch.equal = lambda *a, **k: True"),
        ("test", "check_equal('double(3)', double(3), 6, hint='twice x')\n"
                 "### BEGIN HIDDEN TESTS\nprint('hidden detail')\ncheck(torch.equal(torch.ones(1), torch.ones(1)), 'x', "
                 "expected=1, got=1)\n### END HIDDEN TESTS"),
    ), tmp_path)
    test = nb.cells[2]
    assert errors(test) == ["CheckFailed: double(3)\n  expected: 6\n  got:      7\n  hint:     twice x"]
    assert "\n".join(test.outputs[-1].traceback) == f"CheckFailed: {test.outputs[-1].evalue}"
    assert not [o for o in test.outputs if o.output_type == "stream"]  # nothing printed by a hidden test


def test_calls_carry_values_both_ways(tmp_path):
    nb = execute(notebook(
        ("setup", SETUP),
        ("answer", "def scale_(t):\n    t.mul_(2)\n"
                   "def spoil(grid, order):\n    grid['lr'].append(1.0)\n    order.reverse()\n"
                   "def apply(f, x):\n    return f(x) + 1\n"
                   "def draw(generator):\n    return torch.randperm(5, generator=generator)\n"
                   "def broken(x):\n    raise ValueError('no batches')\n"
                   "table = {'lr': [0.1, 0.01]}"),
        ("test", "t = torch.ones(3)\nscale_(t)\ncheck_close('t after scale_', t, torch.full((3,), 2.0))\n"
                 "check_equal('apply', apply(lambda v: v * 10, 4), 41)\n"
                 "ours, theirs = torch.Generator().manual_seed(1), torch.Generator().manual_seed(1)\n"
                 "first = draw(theirs)\ncheck_equal('draw', first.tolist(), torch.randperm(5, generator=ours).tolist())\n"
                 "check_equal('second draw', draw(theirs).tolist(), torch.randperm(5, generator=ours).tolist())\n"
                 "check_equal('table', table, {'lr': [0.1, 0.01]})\n"
                 "grid, order = {'lr': [0.1]}, [1, 2]\nspoil(grid, order)\n"
                 "check_equal('grid after spoil', grid, {'lr': [0.1, 1.0]})\ncheck_equal('order', order, [2, 1])\n"
                 "print('visible tests passed')"),
        ("test", "broken(1)"),
    ), tmp_path)
    assert errors(nb.cells[2]) == []
    assert nb.cells[2].outputs[0].text == "visible tests passed\n"
    assert errors(nb.cells[3]) == ["StudentCodeError: your broken(...) raised ValueError: no batches"]


def test_a_refused_shortcut_costs_the_part(tmp_path):
    nb = execute(notebook(
        ("setup", SETUP),
        ("answer", "def step(p):\n    opt = torch.optim.SGD([p], lr=0.1)\n    p.grad = torch.ones_like(p)\n"
                   "    opt.step()\n    return p.detach()"),
        ("test", "with forbidden(('torch.optim.SGD.step',), task='write'):\n"
                 "    step(torch.zeros(2, requires_grad=True))"),
    ), tmp_path)
    assert errors(nb.cells[2]) == [
        "CheckFailed: your code calls torch.optim.SGD.step, which this part asks you to write yourself\n"
        "  expected: 'your own implementation, without torch.optim.SGD.step'\n"
        "  got:      'a call to torch.optim.SGD.step'\n"
        "  hint:     this part scores 0 until the work is done by your own code"]


def test_a_stalled_cell_ends_the_process_and_the_next_cell_starts_a_fresh_one(tmp_path):
    nb = execute(notebook(
        ("setup", SETUP),
        ("answer", "def f():\n    return 1"),
        ("own", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"),
        ("test", "f()"),
        ("answer", "def g():\n    return torch.tensor(2)"),
        ("test", "check_equal('g()', g().item(), 2)"),
    ), tmp_path, timeout=5)
    assert errors(nb.cells[2]) == ["StudentProcessStopped: your code's process was stopped: "
                                   "it ran past the time limit of a cell"]
    assert "started again" in nb.cells[3].outputs[0].text
    assert errors(nb.cells[3]) == [
        "NameError: name 'f' is not defined: define it in your notebook (run every cell above, "
        "and keep the name the task gives)"]
    assert errors(nb.cells[5]) == []  # the set-up cell ran again: torch is there


def test_a_property_test_shows_the_smallest_failing_input(tmp_path):
    nb = execute(notebook(
        ("setup", SETUP),
        ("answer", "def batch_count(n, b):\n    return n // b"),
        ("test", "### BEGIN HIDDEN TESTS\nfrom hypothesis import given, settings, strategies as st\n"
                 "@settings(derandomize=True, max_examples=50, deadline=None, database=None)\n"
                 "@given(n=st.integers(1, 100), b=st.integers(1, 10))\n"
                 "def batch_count_is_a_ceiling(n, b):\n"
                 "    check_equal(f'batch_count({n}, {b})', batch_count(n, b), -(-n // b), hint='count the last batch')\n"
                 "batch_count_is_a_ceiling()\n### END HIDDEN TESTS"),
    ), tmp_path)
    (message,) = errors(nb.cells[2])
    assert message.startswith("CheckFailed: batch_count(")
    assert "\nFailing test case: batch_count_is_a_ceiling(\n    n=1,\n    b=2,\n)" in message
    assert "hint:     count the last batch" in message and "checks.py" not in message


def test_many_student_processes_start_at_once_without_ports_to_race_for(tmp_path):
    """Grading talks to the student's process over pipes, not TCP: nothing to collide on."""
    from concurrent.futures import ThreadPoolExecutor

    def grade(index):
        folder = tmp_path / f"s{index}"
        folder.mkdir()
        nb = execute(notebook(("setup", SETUP), ("answer", f"def who():\n    return {index}"),
                              ("test", f"check_equal('who()', who(), {index})")), folder)
        return errors(nb.cells[2])

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(grade, range(8))) == [[]] * 8
