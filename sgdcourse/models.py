"""The course's models: the lecture's CIFAR-10 MLP, built the way the lecture's Keras runs built it,
and a small convnet testbed beside it."""

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


def build_cnn(channels: tuple[int, ...] = (32, 64, 128), classes: int = 10) -> nn.Sequential:
    """A small CIFAR-10 convnet, the testbed beside the MLP: one block per entry of `channels`,

        block_i = Conv3×3(c_{i−1} → c_i, padding 1) → BatchNorm → ReLU → MaxPool 2×2,

    then global average pooling and Linear(c_last → classes) to logits. Each block halves the
    image side (32 → 16 → 8 → 4 with three blocks); the default has 94,762 parameters (the MLP:
    1.58 million) but about three times the MLP's FLOPs per image. Torch's default
    (Kaiming-uniform) initialisation: there is no Keras run of it to reproduce.
    """
    layers: list[nn.Module] = []
    for fan_in, fan_out in zip((3,) + tuple(channels), channels):
        layers += [nn.Conv2d(fan_in, fan_out, 3, padding=1, bias=False), nn.BatchNorm2d(fan_out),
                   nn.ReLU(), nn.MaxPool2d(2)]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels[-1], classes)]
    return nn.Sequential(*layers)
