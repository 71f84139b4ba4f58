"""CIFAR-10 (download, verify, parse, cache), device-resident loaders, toy problems.

Synthetic stand-ins for unit tests live in ``sgdcourse.data.synthetic``.
"""

from importlib import import_module

# Each name is imported from its module on first use (PEP 562): `from sgdcourse.data.toy
# import quadratic` then loads neither the CIFAR-10 downloader nor its progress bar.
_MODULE_OF = {
    **dict.fromkeys(["OFFICIAL_SOURCE", "CIFAR10Arrays", "CIFAR10IntegrityError", "CIFAR10NotFoundError",
                     "CIFAR10Source", "load_cifar10"], "cifar10"),
    **dict.fromkeys(["CIFAR10_MEAN", "CIFAR10_STD", "DeviceLoader", "channel_mean_std", "default_device",
                     "scale_to_unit", "train_val_split"], "loaders"),
    **dict.fromkeys(["LinearRegression2D", "LogisticRegression2D", "make_linear_regression",
                     "make_logistic_regression", "quadratic", "rosenbrock"], "toy"),
}


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_MODULE_OF[name]}", __name__), name)
    globals()[name] = value
    return value


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
    "scale_to_unit",
    "train_val_split",
]
