"""The scalar engine: worked example, agreement with torch, accumulation, errors, figure."""

import math
import random

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from sgdcourse.autodiff import (  # noqa: E402
    Value,
    chain_rule_table,
    draw_graph,
    format_chain_rule_table,
    topological_order,
    zero_grad,
)
from sgdcourse.autodiff.graph_figure import EDGE_GID, NODE_GID  # noqa: E402


# --- the worked example f = ReLU((x + y)·z) -------------------------------------------


def relu_worked_example(x, y, z):
    """The backprop chapter's worked example f = ReLU((x + y)·z), after backward; (f, chain-rule table)."""
    xv, yv, zv = Value(x, label="x"), Value(y, label="y"), Value(z, label="z")
    u = xv + yv
    u.label = "u"
    v = u * zv
    v.label = "v"
    f = v.relu()
    f.label = "f"
    f.backward()
    return f, chain_rule_table(f)


@pytest.mark.parametrize("x, y, z", [(-2.0, 5.0, -4.0),   # CS231n: v = −12 < 0, ReLU blocks
                                     (1.5, 2.0, 3.0),     # v > 0, gradient flows
                                     (-1.0, -0.5, -2.0)])  # v > 0 through two negatives
def test_worked_example_matches_closed_form(x, y, z):
    u = x + y
    v = u * z
    gate = 1.0 if v > 0 else 0.0
    f, rows = relu_worked_example(x, y, z)
    assert f.data == max(v, 0.0)

    leaves = {n.label: n for n in topological_order(f) if not n.children}
    assert leaves["x"].grad == z * gate
    assert leaves["y"].grad == z * gate
    assert leaves["z"].grad == u * gate

    by_node = {r.node: r for r in rows}
    assert sorted(by_node) == sorted("fvuzxy")  # one row per node: the graph is a tree
    expected = {  # node: (value, local derivative, upstream = ∂f/∂parent)
        "f": (max(v, 0.0), 1.0, 1.0),
        "v": (v, gate, 1.0),
        "u": (u, z, gate),
        "z": (z, u, gate),
        "x": (x, 1.0, z * gate),
        "y": (y, 1.0, z * gate),
    }
    for node, (value, local, upstream) in expected.items():
        row = by_node[node]
        assert (row.value, row.local, row.upstream) == (value, local, upstream), node
        assert row.grad == upstream * local
    assert by_node["u"].local_name == "∂v/∂u"


def test_cs231n_numbers_kill_every_gradient():
    x, y, z = -2.0, 5.0, -4.0
    f, rows = relu_worked_example(x, y, z)
    assert (x + y) * z < 0
    assert all(n.grad == 0 for n in topological_order(f) if n is not f)
    table = format_chain_rule_table(rows)
    assert len(table.splitlines()) == 1 + len(rows)
    assert all(f"∂{a}/∂{b}" in table for a, b in [("f", "v"), ("v", "u"), ("u", "x")])


# --- agreement with torch on random expression graphs ------------------------------------

# name: (how to build it — the same code works on Value and on a torch scalar,
#        whether the operand values are in a safe domain)
UNARY = {
    "neg": (lambda a: -a, lambda a: True),
    "exp": (lambda a: a.exp(), lambda a: a < 4),
    "log": (lambda a: a.log(), lambda a: a > 0.1),
    "tanh": (lambda a: a.tanh(), lambda a: True),
    "sigmoid": (lambda a: a.sigmoid(), lambda a: True),
    "relu": (lambda a: a.relu(), lambda a: abs(a) > 1e-6),
    "square": (lambda a: a**2, lambda a: True),
    "cube": (lambda a: a**3, lambda a: True),
    "sqrt": (lambda a: a**0.5, lambda a: a > 0.1),
    "reciprocal": (lambda a: a**-1, lambda a: abs(a) > 0.1),
    "float_pow": (lambda a: 1.5**a, lambda a: abs(a) < 5),
    "float_add": (lambda a: 0.7 + a, lambda a: True),
    "float_sub": (lambda a: 0.7 - a, lambda a: True),
    "float_mul": (lambda a: -1.3 * a, lambda a: True),
    "float_div": (lambda a: 2.0 / a, lambda a: abs(a) > 0.1),
}
BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: True),
    "sub": (lambda a, b: a - b, lambda a, b: True),
    "mul": (lambda a, b: a * b, lambda a, b: True),
    "div": (lambda a, b: a / b, lambda a, b: abs(b) > 0.1),
}


def random_expression(rng: random.Random, n_leaves: int = 3, n_ops: int = 12):
    """The same random DAG built twice, with Values and with float64 torch scalars.

    Operands are drawn from all nodes so far, so nodes get reused (gradient accumulation).
    The output sums every node, so each leaf reaches it. Returns both leaf lists, both
    outputs and the op names used.
    """
    leaf_data = [rng.uniform(-2, 2) for _ in range(n_leaves)]
    values = [Value(d) for d in leaf_data]
    tensors = [torch.tensor(d, dtype=torch.float64, requires_grad=True) for d in leaf_data]
    used = []
    while len(used) < n_ops:
        if rng.random() < 0.5:
            name = rng.choice(list(UNARY))
            build, in_domain = UNARY[name]
            i = rng.randrange(len(values))
            args = (i,)
        else:
            name = rng.choice(list(BINARY))
            build, in_domain = BINARY[name]
            args = (rng.randrange(len(values)), rng.randrange(len(values)))
        if not in_domain(*(values[i].data for i in args)):
            continue
        result = build(*(values[i] for i in args))
        if abs(result.data) > 1e4:  # keep magnitudes where float64 comparisons mean something
            continue
        values.append(result)
        tensors.append(build(*(tensors[i] for i in args)))
        used.append(name)
    value_out = sum(values[1:], values[0])
    tensor_out = torch.stack(tensors).sum()
    return values[:n_leaves], tensors[:n_leaves], value_out, tensor_out, used


def test_random_expressions_match_torch():
    rng = random.Random(0)
    ops_seen = set()
    for _ in range(60):
        leaves, torch_leaves, out, torch_out, used = random_expression(rng)
        out.backward()
        torch_grads = torch.autograd.grad(torch_out, torch_leaves)
        assert out.data == pytest.approx(torch_out.item(), rel=1e-12, abs=1e-12)
        for leaf, torch_grad in zip(leaves, torch_grads):
            assert leaf.grad == pytest.approx(torch_grad.item(), rel=1e-9, abs=1e-12)
        ops_seen.update(used)
    assert ops_seen == set(UNARY) | set(BINARY)  # every operation was exercised


# --- accumulation, reflected operations, deep graphs -----------------------------------


def test_node_used_twice_accumulates_both_paths():
    x = Value(3.0)
    (x * x + x).backward()  # d/dx (x² + x) = 2x + 1
    assert x.grad == 2 * 3.0 + 1


def test_backward_accumulates_until_zero_grad():
    x = Value(-1.5)
    y = (x * 2.0).tanh()
    y.backward()
    once = x.grad
    assert once == pytest.approx(2 * (1 - math.tanh(-3.0) ** 2), rel=1e-12)
    y.backward()
    assert x.grad == pytest.approx(2 * once)
    zero_grad(y)
    y.backward()
    assert x.grad == once


@pytest.mark.parametrize("build, value, derivative", [
    (lambda a: 2.0 + a, lambda a: 2 + a, lambda a: 1.0),
    (lambda a: 2.0 - a, lambda a: 2 - a, lambda a: -1.0),
    (lambda a: 2.0 * a, lambda a: 2 * a, lambda a: 2.0),
    (lambda a: 2.0 / a, lambda a: 2 / a, lambda a: -2 / a**2),
    (lambda a: 2.0**a, lambda a: 2**a, lambda a: 2**a * math.log(2)),
    (lambda a: a**3, lambda a: a**3, lambda a: 3 * a**2),
])
def test_operations_with_plain_numbers(build, value, derivative):
    a = 1.7
    x = Value(a)
    out = build(x)
    out.backward()
    assert out.data == pytest.approx(value(a), rel=1e-12)
    assert x.grad == pytest.approx(derivative(a), rel=1e-12)


def test_sigmoid_is_finite_for_huge_inputs():
    for a in (-1000.0, 1000.0):
        x = Value(a)
        s = x.sigmoid()
        s.backward()
        assert s.data == (0.0 if a < 0 else 1.0)
        assert x.grad == 0.0


def test_deep_chain_needs_no_recursion():
    x = Value(0.5)
    out = x
    for _ in range(5000):  # far beyond Python's default recursion limit of 1000
        out = out + 1.0
    out.backward()
    assert out.data == 5000.5
    assert x.grad == 1.0


def test_bad_input_says_what_was_wrong():
    with pytest.raises(ValueError, match="positive argument, got -1.0"):
        Value(-1.0).log()
    with pytest.raises(ValueError, match="negative base"):
        Value(-2.0) ** 0.5
    with pytest.raises(ZeroDivisionError, match="zero"):
        Value(1.0) / 0.0
    with pytest.raises(TypeError, match="real number, got str"):
        Value("3")
    with pytest.raises(TypeError):
        Value(1.0) + "3"


# --- the figure ----------------------------------------------------------------------


def test_draw_graph_has_one_box_per_node_and_one_arrow_per_edge():
    f, _ = relu_worked_example(1.5, 2.0, 3.0)
    g = f * f + 1.0  # f reused: two edges from the same node
    g.backward()
    nodes = topological_order(g)
    ax = draw_graph(g)
    boxes = [t for t in ax.texts if t.get_gid() == NODE_GID]
    arrows = [a for a in ax.texts if a.get_gid() == EDGE_GID]  # annotations are texts too
    assert len(boxes) == len(nodes)
    assert len(arrows) == sum(len(n.children) for n in nodes)
    x_box = next(t.get_text() for t in boxes if t.get_text().startswith("x"))
    x_grad = next(n.grad for n in nodes if n.label == "x")
    assert f"grad {x_grad:.4g}" in x_box
    # Every arrow points right: from a child's column to its parent's.
    assert all(a.xyann[0] < a.xy[0] for a in arrows)
    plt.close(ax.figure)
