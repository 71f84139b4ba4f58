"""The testbed CNN: shapes, parameter count in closed form, and that it can learn."""

import pytest
import torch

from sgdcourse.models import build_cnn


def conv_net_parameters(channels, classes=10):
    """3×3 convolutions without bias, BatchNorm's scale and shift, the final Linear."""
    widths = (3, *channels)
    return sum(9 * a * b + 2 * b for a, b in zip(widths, widths[1:])) + channels[-1] * classes + classes


@pytest.mark.parametrize("channels", [(32, 64, 128), (8, 16)])
def test_cnn_maps_images_to_logits_with_the_stated_parameter_count(channels):
    model = build_cnn(channels)
    assert model(torch.zeros(5, 3, 32, 32)).shape == (5, 10)
    assert sum(p.numel() for p in model.parameters()) == conv_net_parameters(channels)


def test_default_cnn_has_94_762_parameters_as_its_docstring_says():
    assert conv_net_parameters((32, 64, 128)) == 94_762
    assert "94,762" in build_cnn.__doc__


def test_each_block_halves_the_image_side():
    model = build_cnn((4, 4, 4))
    x = torch.zeros(1, 3, 32, 32)
    sides = []
    for layer in model:
        x = layer(x)
        if isinstance(layer, torch.nn.MaxPool2d):
            sides.append(x.shape[-1])
    assert sides == [16, 8, 4]


def test_cnn_fits_a_small_synthetic_batch():
    """Synthetic: 32 random images with random labels; 60 Adam steps memorise them."""
    torch.manual_seed(0)
    x, y = torch.randn(32, 3, 32, 32), torch.randint(0, 10, (32,))
    model = build_cnn((8, 16, 32))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(60):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    assert (model(x).argmax(1) == y).float().mean() > 0.9
