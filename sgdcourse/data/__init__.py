"""CIFAR-10 (download, verify, parse, cache), device-resident loaders, toy problems.

Synthetic stand-ins for unit tests live in ``sgdcourse.data.synthetic``.
"""

from .cifar10 import (
    OFFICIAL_SOURCE,
    CIFAR10Arrays,
    CIFAR10IntegrityError,
    CIFAR10NotFoundError,
    CIFAR10Source,
    load_cifar10,
)
from .loaders import CIFAR10_MEAN, CIFAR10_STD, DeviceLoader, channel_mean_std, default_device, train_val_split
from .toy import (
    LinearRegression2D,
    LogisticRegression2D,
    make_linear_regression,
    make_logistic_regression,
    quadratic,
    rosenbrock,
)

__all__ = [
    "CIFAR10_MEAN",
    "CIFAR10_STD",
    "OFFICIAL_SOURCE",
    "CIFAR10Arrays",
    "CIFAR10IntegrityError",
    "CIFAR10NotFoundError",
    "CIFAR10Source",
    "DeviceLoader",
    "LinearRegression2D",
    "LogisticRegression2D",
    "channel_mean_std",
    "default_device",
    "load_cifar10",
    "make_linear_regression",
    "make_logistic_regression",
    "quadratic",
    "rosenbrock",
    "train_val_split",
]
