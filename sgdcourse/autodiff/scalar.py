"""A scalar reverse-mode autograd engine, small enough to read in one sitting.

Every operation creates a new :class:`Value` that remembers its inputs (``children``)
and, computed right there in the forward pass, the *local* derivative of its output with
respect to each input. Backpropagation is then one loop over the graph in reverse
topological order applying the chain rule

    ∂f/∂child += ∂f/∂node · ∂node/∂child        (upstream × local)

The ``+=`` is what makes a node used twice (``x * x``) receive the sum of both paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real


class Value:
    """A scalar in a computational graph: forward value ``data``, gradient ``grad``.

    ``label`` names the node and ``op`` records the operation that produced it; both are
    only for display (tables, :func:`sgdcourse.autodiff.draw_graph`).
    """

    def __init__(self, data: float, children=(), local_grads=(), op: str = "", label: str = ""):
        if not isinstance(data, Real):
            raise TypeError(f"Value holds a real number, got {type(data).__name__}: {data!r}")
        self.data = float(data)
        self.grad = 0.0
        self.children: tuple[Value, ...] = tuple(children)
        self.local_grads: tuple[float, ...] = tuple(local_grads)  # ∂self/∂child, per child
        self.op = op
        self.label = label

    def __repr__(self) -> str:
        name = f"label={self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # --- binary operations: out = a ∘ b, with ∂out/∂a and ∂out/∂b ---------------------

    def __add__(self, other) -> Value:
        """a + b;  ∂/∂a = 1, ∂/∂b = 1."""
        other = _as_value(other)
        if other is NotImplemented:
            return other
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other) -> Value:
        """a − b;  ∂/∂a = 1, ∂/∂b = −1."""
        other = _as_value(other)
        if other is NotImplemented:
            return other
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "−")

    def __mul__(self, other) -> Value:
        """a · b;  ∂/∂a = b, ∂/∂b = a."""
        other = _as_value(other)
        if other is NotImplemented:
            return other
        return Value(self.data * other.data, (self, other), (other.data, self.data), "×")

    def __truediv__(self, other) -> Value:
        """a / b;  ∂/∂a = 1/b, ∂/∂b = −a/b²."""
        other = _as_value(other)
        if other is NotImplemented:
            return other
        if other.data == 0.0:
            raise ZeroDivisionError(f"division of {self!r} by {other!r}, which is zero")
        b = other.data
        return Value(self.data / b, (self, other), (1.0 / b, -self.data / b**2), "÷")

    # Reflected forms, so that plain numbers work on the left: 2 - x, 1 / x, ...
    def __radd__(self, other) -> Value:
        return _reflected(other, Value.__add__, self)

    def __rsub__(self, other) -> Value:
        return _reflected(other, Value.__sub__, self)

    def __rmul__(self, other) -> Value:
        return _reflected(other, Value.__mul__, self)

    def __rtruediv__(self, other) -> Value:
        return _reflected(other, Value.__truediv__, self)

    def __neg__(self) -> Value:
        """−a;  ∂/∂a = −1."""
        return Value(-self.data, (self,), (-1.0,), "neg")

    # --- powers: the exponent or the base is a plain number -----------------------------

    def __pow__(self, exponent) -> Value:
        """a^c for a number c;  ∂/∂a = c·a^(c−1)."""
        if not isinstance(exponent, Real):
            return NotImplemented
        c, a = float(exponent), self.data
        if a < 0 and not c.is_integer():
            raise ValueError(f"{a}**{c} is not real: a negative base needs an integer exponent")
        if a == 0 and c < 1:
            raise ValueError(f"0**{c} has no finite derivative (c·a^(c−1) at a = 0)")
        return Value(a**c, (self,), (c * a ** (c - 1),), f"^{exponent:g}")

    def __rpow__(self, base) -> Value:
        """c^a for a number c > 0;  ∂/∂a = c^a · ln c."""
        if not isinstance(base, Real):
            return NotImplemented
        if base <= 0:
            raise ValueError(f"{base}**Value needs a positive base, got {base}")
        out = float(base) ** self.data
        return Value(out, (self,), (out * math.log(base),), f"{base:g}^")

    # --- element-wise functions ---------------------------------------------------------

    def exp(self) -> Value:
        """e^a;  ∂/∂a = e^a."""
        out = math.exp(self.data)
        return Value(out, (self,), (out,), "exp")

    def log(self) -> Value:
        """ln a for a > 0;  ∂/∂a = 1/a."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive argument, got {self.data}")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self) -> Value:
        """tanh a;  ∂/∂a = 1 − tanh²a."""
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self) -> Value:
        """σ(a) = 1 / (1 + e^(−a));  ∂/∂a = σ(a)·(1 − σ(a))."""
        # Two algebraically equal forms so that exp never overflows for large |a|.
        if self.data >= 0:
            s = 1.0 / (1.0 + math.exp(-self.data))
        else:
            e = math.exp(self.data)
            s = e / (1.0 + e)
        return Value(s, (self,), (s * (1.0 - s),), "σ")

    def relu(self) -> Value:
        """ReLU(a) = max(0, a);  ∂/∂a = 1(a > 0) (taken as 0 at a = 0, as torch does)."""
        active = self.data > 0
        return Value(self.data if active else 0.0, (self,), (1.0 if active else 0.0,), "ReLU")

    # --- reverse mode -------------------------------------------------------------------

    def backward(self) -> None:
        """Fill ``.grad`` of every node with ∂self/∂node (seed ∂self/∂self = 1).

        As in torch, leaves accumulate over calls (call :func:`zero_grad` to reset them),
        while the gradients of intermediate nodes are recomputed from zero by each call.
        """
        order = topological_order(self)
        for node in order:
            if node.children:
                node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node.children, node.local_grads):
                child.grad += node.grad * local


def _as_value(x):
    """Wrap a plain number as a constant leaf; anything else is not ours to handle."""
    if isinstance(x, Value):
        return x
    if isinstance(x, Real):
        return Value(x, label=f"{x:g}")
    return NotImplemented


def _reflected(number, operation, value: Value):
    """``number ∘ value`` for ∘ in (+, −, ×, ÷): compute with the number as a leaf on the left."""
    left = _as_value(number)
    if left is NotImplemented:
        return left
    return operation(left, value)


def topological_order(root: Value) -> list[Value]:
    """All nodes reachable from ``root``, each after all of its children (root last).

    Iterative depth-first post-order, so deep graphs do not hit Python's recursion limit.
    """
    order: list[Value] = []
    visited: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
        elif id(node) not in visited:
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in node.children)
    return order


def zero_grad(root: Value) -> None:
    """Reset ``.grad`` to 0 on every node of the graph below ``root``."""
    for node in topological_order(root):
        node.grad = 0.0


# --- the chain rule, edge by edge, as a table ----------------------------------------


@dataclass(frozen=True)
class ChainRuleRow:
    """One edge parent → node of the backward pass: ``grad = upstream × local``.

    ``local`` is ∂parent/∂node, ``upstream`` is ∂f/∂parent, and ``grad`` is this edge's
    contribution to ∂f/∂node — the node's whole gradient when it is used only once.
    The root's row is the seed: local = upstream = grad = 1.
    """

    node: str
    value: float
    local_name: str
    local: float
    upstream: float
    grad: float


def chain_rule_table(root: Value) -> list[ChainRuleRow]:
    """The rows of the backward pass from ``root``, in the order backprop visits them.

    Call ``root.backward()`` first: upstream gradients are read from the nodes' ``.grad``.
    """
    rows = [ChainRuleRow(root.label, root.data, f"∂{root.label}/∂{root.label}", 1.0, 1.0, 1.0)]
    for parent in reversed(topological_order(root)):
        for child, local in zip(parent.children, parent.local_grads):
            rows.append(
                ChainRuleRow(
                    node=child.label,
                    value=child.data,
                    local_name=f"∂{parent.label}/∂{child.label}",
                    local=local,
                    upstream=parent.grad,
                    grad=parent.grad * local,
                )
            )
    return rows


def format_chain_rule_table(rows: list[ChainRuleRow]) -> str:
    """The table as aligned plain text, one row per edge (for printing in the book)."""
    def number(x: float) -> str:
        return f"{x + 0.0:8.4g}"  # + 0.0 prints −0.0 (from 0 × negative) as 0

    lines = [f"{'node':>4}  {'value':>8}  {'local derivative':>17}  {'upstream':>8}  {'grad':>8}"]
    for r in rows:
        lines.append(f"{r.node:>4}  {number(r.value)}  {r.local_name:>8} {number(r.local)}"
                     f"  {number(r.upstream)}  {number(r.grad)}")
    return "\n".join(lines)
