"""Backpropagation three ways: a scalar autograd engine (``Value``), layers with
hand-written batched backward passes, and gradient checking by central differences."""

from .gradcheck import (
    GradCheckResult,
    check_gradient,
    check_layer,
    compare_gradients,
    numerical_gradient,
)
from .graph_figure import draw_graph
from .layers import MLP, MSE, Layer, Linear, ReLU, Sequential, Sigmoid, SoftmaxCrossEntropy, Tanh
from .scalar import (
    ChainRuleRow,
    Value,
    chain_rule_table,
    format_chain_rule_table,
    topological_order,
    zero_grad,
)

__all__ = [
    "Value", "topological_order", "zero_grad",
    "ChainRuleRow", "chain_rule_table", "format_chain_rule_table",
    "draw_graph",
    "Layer", "Linear", "ReLU", "Sigmoid", "Tanh", "SoftmaxCrossEntropy", "MSE", "Sequential", "MLP",
    "GradCheckResult", "compare_gradients", "numerical_gradient",
    "check_gradient", "check_layer",
]
