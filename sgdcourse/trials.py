"""One evaluated configuration of a hyperparameter search.

Its own module because students build `Trial`s in assignment 06 and the grading sandbox
offers them this module, not the reference searches in `sgdcourse.hyperparameters`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trial:
    params: dict
    score: float  # validation loss: lower is better
