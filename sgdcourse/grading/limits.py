"""What one student's code may use while it is graded: the defaults of `sgdcourse grade`.

Its own module, free of dependencies, so that `sgdcourse --help` can show the defaults
without importing nbgrader.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GradingLimits:
    """What one student's code may use, all its processes together (see README: where each holds)."""

    cell_timeout_s: int | None = None  # None: the course's own (nbgrader_config.py, TrustedExecute.timeout)
    notebook_timeout_s: int = 1800
    memory_bytes: int = 8 << 30      # every process of the student together (importing torch takes ~0.5 GB)
    processes: int = 512             # processes and threads together
    disk_bytes: int = 1 << 30        # what its code may write (its working folder, its /tmp)
    output_bytes: int = 1 << 20      # output kept per cell

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if value is not None and value <= 0:
                raise ValueError(f"GradingLimits.{name} must be positive, got {value}")
