"""Draw a :class:`Value` graph with matplotlib only: forward values and gradients on it.

Layout: the output sits alone in the rightmost column and every other node one column
left of its leftmost parent (its longest path to the output), so every arrow points to
the right; nodes in a column are stacked and centred in the order backprop reaches them.
Each node is one text box

    label  [op]
    data  …
    grad  …

and each edge child → parent is one arrow. The artists carry ``gid`` ``"value-node"``
and ``"value-edge"`` so that they can be found again (tests count them).
"""

from __future__ import annotations

from collections import defaultdict

from .scalar import Value, topological_order

NODE_GID = "value-node"
EDGE_GID = "value-edge"


def graph_layout(root: Value) -> dict[int, tuple[float, float]]:
    """``id(node) -> (x, y)`` for every node below ``root`` (see module docstring)."""
    backprop_order = list(reversed(topological_order(root)))  # parents before children
    steps_to_output = {id(root): 0}
    for node in backprop_order:
        for child in node.children:
            steps_to_output[id(child)] = max(steps_to_output.get(id(child), 0),
                                             steps_to_output[id(node)] + 1)
    n_columns = 1 + max(steps_to_output.values())
    columns: dict[int, list[Value]] = defaultdict(list)
    for node in backprop_order:
        columns[n_columns - 1 - steps_to_output[id(node)]].append(node)
    position = {}
    for column, stacked in columns.items():
        for row, node in enumerate(stacked):
            position[id(node)] = (float(column), (len(stacked) - 1) / 2 - row)
    return position


def draw_graph(root: Value, ax=None):
    """Draw the graph below ``root`` (call ``root.backward()`` first to show gradients).

    Returns the matplotlib Axes; its figure is ``ax.figure``.
    """
    nodes = topological_order(root)
    position = graph_layout(root)
    n_columns = 1 + max(x for x, _ in position.values())
    half_height = max(y for _, y in position.values())
    if ax is None:
        import matplotlib.pyplot as plt  # here: importing sgdcourse.autodiff needs no plotting

        _, ax = plt.subplots(figsize=(2.2 * n_columns + 0.5, 2.6 * half_height + 1.8))

    def xy(node: Value) -> tuple[float, float]:
        return position[id(node)]

    for node in nodes:
        header = f"{node.label or '·'}  [{node.op}]" if node.op else (node.label or "·")
        ax.text(
            *xy(node),
            f"{header}\ndata {node.data:.4g}\ngrad {node.grad:.4g}",
            ha="center",
            va="center",
            family="monospace",
            fontsize=9,
            bbox=dict(boxstyle="round,pad=0.4", facecolor="white", edgecolor="0.3"),
            gid=NODE_GID,
        )
        for child in node.children:
            arrow = ax.annotate(
                "",
                xy=xy(node),
                xytext=xy(child),
                arrowprops=dict(arrowstyle="->", color="0.4", shrinkA=34, shrinkB=34),
            )
            arrow.set_gid(EDGE_GID)

    ax.set_xlim(-0.6, n_columns - 0.4)
    ax.set_ylim(-half_height - 0.6, half_height + 0.6)
    ax.set_axis_off()
    ax.set_title("forward value (data) and ∂output/∂node (grad)", fontsize=10)
    return ax
