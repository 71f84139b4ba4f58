"""What a chapter's cells share besides figures: the line each chapter ends with.

    chapter_start = time.perf_counter()          # the chapter's first cell
    ...
    print(chapter.footer(chapter_start))         # its last cell: where, with what, and how long it ran
"""

from __future__ import annotations

import time

import torch

from . import provenance


def footer(chapter_start: float, device: torch.device | str | None = None) -> str:
    """A chapter's last output, two lines short enough not to scroll:
    'Ran on <device> · torch <v> · git <rev>' and '<date> · this chapter ran in <s> s',
    where `chapter_start` is the chapter's first time.perf_counter().
    """
    run = provenance.record(device)
    return (f"Ran on {run['device']} · torch {run['torch']} · git {run['git']}\n"
            f"{run['date']} · this chapter ran in {time.perf_counter() - chapter_start:.1f} s")
