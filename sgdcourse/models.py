"""The course's models: the lecture's CIFAR-10 MLP, built the way the lecture's Keras runs built it."""

from __future__ import annotations

from torch import nn


def build_mlp(hidden_layers: int, width: int = 512, inputs: int = 3072, classes: int = 10) -> nn.Sequential:
    """inputs → (Linear → ReLU) × hidden_layers → Linear → logits, with Keras' Glorot-uniform
    weights and zero biases (torch's own default is Kaiming-uniform weights, uniform biases)."""
    sizes = [inputs] + [width] * hidden_layers
    layers: list[nn.Module] = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    layers.append(nn.Linear(sizes[-1], classes))
    for layer in layers:
        if isinstance(layer, nn.Linear):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return nn.Sequential(*layers)
